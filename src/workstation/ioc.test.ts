import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadIoc, parseHostIoc, parsePackageIoc } from './ioc.ts';

function raw(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../data/ioc/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

describe('IOC data', () => {
  for (const name of ['host-artefacts.json', 'hunt-network.json', 'packages.json']) {
    it(`${name} is versioned, dated and every entry names known sources`, () => {
      const data = raw(name);
      assert.equal(typeof data['version'], 'number');
      assert.match(String(data['updated']), /^\d{4}-\d{2}-\d{2}$/);
      const sources = data['sources'] as Record<string, string>;
      const lists = ['entries', 'commandPatterns', 'ports', 'addresses'].flatMap(k =>
        Array.isArray(data[k]) ? (data[k] as { source?: string[] }[]) : [],
      );
      assert.ok(lists.length > 0);
      for (const e of lists) {
        assert.ok(Array.isArray(e.source) && e.source.length > 0, JSON.stringify(e));
        for (const s of e.source) assert.ok(s in sources, `${s} is listed in sources`);
      }
    });
  }

  it('host artefacts load completely (no entry dropped by validation)', () => {
    const data = raw('host-artefacts.json');
    const ioc = loadIoc();
    assert.equal(ioc.host.entries.length, (data['entries'] as unknown[]).length);
    assert.equal(ioc.host.commandPatterns.length, (data['commandPatterns'] as unknown[]).length);
    assert.ok(ioc.host.entries.every(e => e.os.length > 0));
    assert.ok(ioc.network.ports.has(1224) && ioc.network.addresses.size > 10);
    assert.ok(ioc.network.addresses.has('88.99.241.111'), 'addresses of the shared network.json are included');
    assert.ok(!ioc.network.ports.has(3000), 'common ports of the shared file are not used for port-only matches');
    assert.ok(ioc.packages.packages.size > 0);
  });

  it('drops malformed entries instead of failing', () => {
    const host = parseHostIoc({
      entries: [null, { path: 42 }, { pattern: 'x' }, { path: '~/.x', os: ['linux', 'beos'], severity: 'bogus' }],
    });
    assert.equal(host.entries.length, 1);
    assert.deepEqual(host.entries[0]?.os, ['linux']);
    assert.equal(host.entries[0].severity, 'high');
    assert.equal(parsePackageIoc([{ name: 'a', versions: ['1.0.0', 2] }, { name: '' }], 't').packages.get('a')?.size, 1);
  });
});
