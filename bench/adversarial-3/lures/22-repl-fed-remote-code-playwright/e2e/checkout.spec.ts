import { test, expect } from '@playwright/test';

test('checkout', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading')).toBeVisible();
});
