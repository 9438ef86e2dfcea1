import { test, expect } from '@playwright/test';

test('guest can check out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
});
