import { test, expect } from '@playwright/test';

test('board loads', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading')).toBeVisible();
});
