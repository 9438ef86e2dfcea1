import { defineConfig } from 'vite';
import { buildInfo } from './build/info';

export default defineConfig({
  define: { __BUILD_INFO__: JSON.stringify(buildInfo()) },
});
