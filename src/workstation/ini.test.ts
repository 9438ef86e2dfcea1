import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iniValue, parseIni, setIniKey } from './ini.ts';

describe('npmrc ini', () => {
  it('reads top-level keys, ignoring comments and sections', () => {
    const e = parseIni('; comment\nregistry=https://registry.npmjs.org/\nignore-scripts = "false"\n[section]\nignore-scripts=true\n');
    assert.equal(iniValue(e, 'ignore-scripts'), 'false');
    assert.equal(iniValue(e, 'registry'), 'https://registry.npmjs.org/');
  });
  it('edits one line and keeps the rest byte for byte', () => {
    assert.equal(
      setIniKey('# mine\r\nignore-scripts=false\r\nsave-exact=true\r\n', 'ignore-scripts', 'true'),
      '# mine\r\nignore-scripts=true\r\nsave-exact=true\r\n',
    );
    assert.equal(setIniKey('save-exact=true', 'ignore-scripts', 'true'), 'save-exact=true\nignore-scripts=true\n');
    assert.equal(setIniKey('', 'ignore-scripts', 'true'), 'ignore-scripts=true\n');
    assert.equal(setIniKey('a=1\n[x]\nb=2\n', 'c', '3'), 'a=1\nc=3\n[x]\nb=2\n');
  });
});
