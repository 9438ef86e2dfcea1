import { defineConfig } from 'cypress';
import { registerSeed } from './cypress/plugins/seed';

export default defineConfig({
  e2e: {
    baseUrl: 'http://localhost:3000',
    setupNodeEvents(on, config) {
      registerSeed(on);
      return config;
    },
  },
});
