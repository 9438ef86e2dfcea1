import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['./test/setup-db.ts'], environment: 'node' },
});
