import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  use: { baseURL: 'http://localhost:4010' },
  webServer: { command: 'node e2e/fixtures-server.mjs', port: 4010, reuseExistingServer: true },
});
