import { test, expect } from '@playwright/test';
test('cart', async ({ page }) => { await page.goto('/'); await expect(page.locator('h1')).toHaveText('Cart'); });
