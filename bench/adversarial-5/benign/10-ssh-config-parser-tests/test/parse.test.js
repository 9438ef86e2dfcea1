const test = require('node:test'), assert = require('node:assert');
const fs = require('fs'), os = require('os'), path = require('path');
const { parse } = require('../src');
test('parses identity files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sshcfg-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, 'Host gh\n  HostName github.com\n  IdentityFile ~/.ssh/id_ed25519\n');
  const [h] = parse(fs.readFileSync(file, 'utf8'));
  assert.ok(h.options.IdentityFile.endsWith(path.join('.ssh', 'id_ed25519')));
});
