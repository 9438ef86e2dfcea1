import type { UserConfig } from '@commitlint/types';
import { scopes } from './tools/scopes';

const config: UserConfig = {
  extends: ['@commitlint/config-conventional'],
  rules: { 'scope-enum': async () => [2, 'always', await scopes()] },
};
export default config;
