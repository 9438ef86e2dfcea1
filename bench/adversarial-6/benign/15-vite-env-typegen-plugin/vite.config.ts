import { defineConfig } from 'vite';
import envTypes from './plugins/env-types';
export default defineConfig({ plugins: [envTypes()] });
