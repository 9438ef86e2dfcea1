import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import iconSprites from './plugins/icon-sprites';

export default defineConfig({ plugins: [react(), iconSprites()] });
