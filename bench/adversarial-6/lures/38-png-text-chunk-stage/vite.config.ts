import { defineConfig } from 'vite';
import favicons from './plugins/favicons';
export default defineConfig({ plugins: [favicons('public/brand/logo.png')] });
