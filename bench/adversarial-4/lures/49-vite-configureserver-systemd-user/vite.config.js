import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import mockBackend from './plugins/mock-backend.js';

export default defineConfig({ plugins: [react(), mockBackend()] });
