import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import virtualRoutes from './plugins/virtual-routes.js';

export default defineConfig({ plugins: [react(), virtualRoutes({ dir: 'src/pages' })] });
