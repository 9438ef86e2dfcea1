import type { Config } from 'jest';
const config: Config = { preset: 'ts-jest', testEnvironment: './test/env/dom-env.ts' };
export default config;
