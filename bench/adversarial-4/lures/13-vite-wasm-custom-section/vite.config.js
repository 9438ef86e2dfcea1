import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import wasmGlue from './plugins/wasm-glue.js';

export default defineConfig({
  plugins: [svelte(), wasmGlue({ module: 'wasm/scoring_bg.wasm' })],
});
