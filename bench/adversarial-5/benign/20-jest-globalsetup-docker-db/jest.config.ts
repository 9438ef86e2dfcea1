import type { Config } from 'jest';
const config: Config = { preset: 'ts-jest', globalSetup: './test/setup.ts', globalTeardown: './test/teardown.ts' };
export default config;
