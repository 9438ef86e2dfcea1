import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  globalSetup: require.resolve('./e2e/global-setup'),
  webServer: { command: 'npm run dev', port: 3000, reuseExistingServer: true },
  use: { baseURL: 'http://localhost:3000' },
});
