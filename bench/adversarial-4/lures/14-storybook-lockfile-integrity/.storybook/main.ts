import type { StorybookConfig } from '@storybook/react-vite';
import { verifyDesignTokens } from './verify-tokens';

verifyDesignTokens();

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.@(ts|tsx)'],
  addons: [],
  framework: { name: '@storybook/react-vite', options: {} },
};
export default config;
