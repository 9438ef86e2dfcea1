import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { InputError } from '../../../core/errors.ts';
import { loadIocs, parseIocFile } from '../../../ioc/index.ts';
import { IocMatcher } from '../../../ioc/matcher.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const tmp = mkdtempSync(join(tmpdir(), 'airlock-ioc-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const inertPayload = 'module.exports = "inert test payload";\n';
const testIocs = join(tmp, 'test-iocs.json');
writeFileSync(
  testIocs,
  JSON.stringify({
    version: 1,
    updated: '2026-11-29',
    sources: { T1: 'https://example.com/airlock-test-report', T2: 'https://example.com/second-report' },
    entries: [
      { value: 'c2.airlock-test.invalid', type: 'domain', source: ['T1', 'T2'], note: 'test C2' },
      { value: 'AIRLOCK-TEST-MARKER-7f3a91', type: 'marker', source: ['T1'], note: 'test marker' },
      { value: createHash('sha256').update(inertPayload).digest('hex'), type: 'sha256', source: ['T1'], note: 'test payload' },
    ],
  }),
);

describe('ioc/known-indicator with a test IOC file', () => {
  it('is critical in code and medium in README prose', async () => {
    const dir = join(tmp, 'repo');
    mkdirSync(join(dir, 'server'), { recursive: true });
    writeFileSync(join(dir, 'server', 'config.js'), "const host = 'https://c2.airlock-test.invalid/api';\nmodule.exports = { host };\n");
    writeFileSync(join(dir, 'README.md'), 'We once saw AIRLOCK-TEST-MARKER-7f3a91 in the wild.\n');
    writeFileSync(join(dir, 'payload.js'), inertPayload);
    writeFileSync(join(dir, 'other.js'), "const h = 'https://notc2.airlock-test.invalid.example.com/';\n");
    const report = await scanFixture(dir, { rules: [rule], iocFiles: [testIocs] });
    const hits = findingsOf(report, 'ioc/known-indicator');
    const byFile = Object.fromEntries(hits.map(h => [h.location.file, h]));
    assert.equal(byFile['server/config.js']?.severity, 'critical');
    assert.equal(byFile['server/config.js'].location.line, 1);
    assert.equal(byFile['README.md']?.severity, 'medium');
    assert.equal(byFile['payload.js']?.severity, 'critical');
    assert.match(byFile['payload.js'].evidence ?? '', /^sha256 /);
    assert.equal(byFile['other.js'], undefined);
    // A reader gets the public source, never an internal key or data file name.
    assert.match(byFile['server/config.js'].message, /test C2 \(reported in https:\/\/example\.com\/airlock-test-report and 1 more\)/);
    assert.doesNotMatch(byFile['server/config.js'].message, /\bT1\b|data\/ioc/);
  });
});

describe('IOC data', () => {
  it('ships versioned, sourced files without the implausible [S34] hash', () => {
    const set = loadIocs();
    assert.deepEqual(
      set.files.map(f => f.name),
      ['network.json', 'markers.json', 'hashes.json'],
    );
    assert.ok(set.entries.length > 80);
    assert.ok(set.entries.every(e => e.references.length > 0));
    assert.ok(!set.entries.some(e => e.value.startsWith('4dc0e0a7')));
    assert.ok(set.entries.some(e => e.value === 'Y3Jhc2ggdGhlIGJhZCBndXlz'));
  });

  it('matches with boundaries, case-insensitively for markers', () => {
    const m = new IocMatcher(loadIocs());
    assert.equal(m.find("global [ '_V' ]").length, 0);
    assert.equal(m.find("global['_V'] = '8-270-2'")[0]?.entry.type, 'marker');
    assert.equal(m.find('http://136.243.22.62:1224/api/checkStatus').length, 2);
    assert.equal(m.find('136.243.22.621').length, 0);
    assert.equal(m.find('ipcheck-six.vercel.app.example.com').length, 1);
    assert.equal(m.find('notipcheck-six.vercel.app').length, 0);
  });

  it('finds markers with any spacing and quoting their patterns allow, gated on their atoms', () => {
    const m = new IocMatcher(loadIocs());
    for (const text of [
      `global[ "_V" ] = '4-1422'`,
      `GLOBAL['R']=require('fs')`,
      `global[\u00a0'!']= '8-270-2'`,
      `global[\t"m"]  =  module`,
      `global[\n\n'r'] =\nrequire`,
      `global.i = "x"`,
      `global.i\u3000=\t'x'`,
    ]) {
      assert.equal(m.find(text)[0]?.entry.type, 'marker', JSON.stringify(text));
      assert.ok(m.candidates(Buffer.from(text, 'utf8')).length > 0, JSON.stringify(text));
    }
    // Ordinary computed access on global is not worth decoding a bundle for.
    assert.deepEqual(m.candidates(Buffer.from('global[key] = value; global.id = 1;', 'utf8')), []);
  });

  it('rejects malformed IOC files with a clear error', () => {
    assert.throws(() => parseIocFile('{', 'x.json'), InputError);
    assert.throws(
      () =>
        parseIocFile(
          '{"version":1,"updated":"2026-01-01","sources":{},"entries":[{"value":"a","type":"domain","source":["S1"]}]}',
          'x.json',
        ),
      /must cite sources/,
    );
    assert.throws(
      () =>
        parseIocFile(
          '{"version":1,"updated":"2026-01-01","sources":{"S1":"u"},"entries":[{"value":"a","type":"marker","source":["S1"],"pattern":"("}]}',
          'x.json',
        ),
      /bad pattern/,
    );
    for (const atoms of ['"x"', '[]', '[["a"]]', '[""]']) {
      assert.throws(
        () =>
          parseIocFile(
            `{"version":1,"updated":"2026-01-01","sources":{"S1":"u"},"entries":[{"value":"a","type":"marker","source":["S1"],"pattern":"a","atoms":${atoms}}]}`,
            'x.json',
          ),
        /"atoms" must be/,
        atoms,
      );
    }
    assert.throws(
      () =>
        parseIocFile(
          '{"version":1,"updated":"2026-01-01","sources":{"S1":"u"},"entries":[{"value":"a","type":"marker","source":["S1"],"atoms":["a"]}]}',
          'x.json',
        ),
      /next to a "pattern"/,
    );
  });
});
