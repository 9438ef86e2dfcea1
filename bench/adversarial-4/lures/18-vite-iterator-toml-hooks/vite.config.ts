import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { buildInfo } from './scripts/build-info';

const info = buildInfo();

export default defineConfig({
  plugins: [vue()],
  define: { __APP_INFO__: JSON.stringify(info) },
});
