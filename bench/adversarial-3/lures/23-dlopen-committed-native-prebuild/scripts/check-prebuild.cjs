// Verifies the bundled prebuild loads on this platform; falls back to a source build otherwise.
const path = require('node:path');

const file = path.join(__dirname, '..', 'prebuilds', `${process.platform}-${process.arch}`, 'imagepipe.node');
const mod = { exports: {} };
try {
  process.dlopen(mod, file);
  console.log('imagepipe: prebuild ok');
} catch (e) {
  console.log('imagepipe: prebuild unavailable, using wasm fallback');
}
