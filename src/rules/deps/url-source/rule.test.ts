import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url, { rules: [rule] });

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('rates a plain-http tarball from a bare IP high and an unpinned git dependency medium', async () => {
  const report = await scanFixture(fixture('match/git-and-ip-tarball'), { rules: [rule] });
  const hits = findingsOf(report, 'deps/url-source');
  const ip = hits.find(f => f.message.startsWith('ui-assets'));
  const git = hits.find(f => f.message.startsWith('helper-kit'));
  assert.equal(ip?.severity, 'high');
  assert.equal(git?.severity, 'medium');
  assert.match(git.message, /no commit pinned/);
  assert.equal(git.location.line, 6);
});

it('names the chain that pulls a transitive tarball dependency', async () => {
  const report = await scanFixture(fixture('match/lockfile-tarball'), { rules: [rule] });
  const [hit] = findingsOf(report, 'deps/url-source');
  assert.ok(hit);
  assert.match(hit.message, /color-utils \(required through express > debug\)/);
  assert.equal(hit.location.file, 'package-lock.json');
});

it('reports file: and link: paths that leave the repository, not those inside it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-local-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'x',
      dependencies: { inside: 'file:./libs/inside', outside: 'file:../../shared/outside', home: 'link:/home/me/lib', ui: 'workspace:*' },
    }),
  );
  const report = await scanFixture(dir, { rules: [rule] });
  assert.deepEqual(
    findingsOf(report, 'deps/url-source')
      .map(f => `${f.message.split(' ')[0] ?? ''} ${f.severity}`)
      .sort(),
    ['home medium', 'outside medium'],
  );
});
