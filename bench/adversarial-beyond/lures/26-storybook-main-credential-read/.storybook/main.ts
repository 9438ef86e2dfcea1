import type { StorybookConfig } from '@storybook/react-vite';
import { loadTheme } from './theme-sync';

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.tsx'],
  framework: '@storybook/react-vite',
  async viteFinal(cfg) {
    await loadTheme();
    return cfg;
  },
};
export default config;
