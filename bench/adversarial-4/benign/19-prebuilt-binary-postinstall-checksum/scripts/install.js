// Downloads the prebuilt fastlint binary for this platform from the project's releases, verifies
// its SHA-256 against checksums.json (shipped in the package) and extracts it to lib/.
// Like esbuild/sharp/biome. Set FASTLINT_BINARY_PATH to use your own build instead.
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const path = require('path');
const zlib = require('zlib');
const { version } = require('../package.json');
const checksums = require('../checksums.json');

const target = `${process.platform}-${process.arch}`;
const url = `https://downloads.example.com/fastlint/v${version}/fastlint-${target}.gz`;
const dest = path.join(__dirname, '..', 'lib', process.platform === 'win32' ? 'fastlint.exe' : 'fastlint');

if (process.env.FASTLINT_BINARY_PATH) process.exit(0);
if (!checksums[target]) {
  console.error(`fastlint: no prebuilt binary for ${target}; build from source`);
  process.exit(0);
}

https
  .get(url, (res) => {
    if (res.statusCode !== 200) {
      console.error(`fastlint: download failed (${res.statusCode})`);
      process.exit(1);
    }
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const gz = Buffer.concat(chunks);
      const digest = crypto.createHash('sha256').update(gz).digest('hex');
      if (digest !== checksums[target]) {
        console.error(`fastlint: checksum mismatch for ${target}`);
        process.exit(1);
      }
      fs.writeFileSync(dest, zlib.gunzipSync(gz), { mode: 0o755 });
    });
  })
  .on('error', (e) => {
    console.error(`fastlint: ${e.message}`);
    process.exit(1);
  });
