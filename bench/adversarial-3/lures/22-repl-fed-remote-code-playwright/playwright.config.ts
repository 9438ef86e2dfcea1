import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  webServer: { command: 'node e2e/serve.mjs', port: 4173, reuseExistingServer: true },
  use: { baseURL: 'http://localhost:4173' },
});
