import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule } from '../../../core/rule.ts';
import { scan } from '../../../index.ts';
import { ALL_OS, QUIET_MACHINE, huntWith, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import { runHunt } from '../../../workstation/hunt.ts';
import rule from './rule.ts';

const ID = 'hunt/repositories';

const marker = defineRule({
  meta: { id: 'ioc/test-marker', severity: 'critical', confidence: 'high', description: 'test marker', since: '0.1.0' },
  run(ctx) {
    if (ctx.inventory.byPath.has('MALICIOUS-MARKER')) ctx.report({ message: 'marker present', location: { file: 'MALICIOUS-MARKER' } });
  },
});

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: scans every repository under the roots and reports the malicious one`, async () => {
      const home = makeHome({
        'code/a/package.json': '{"name":"a"}',
        'code/group/b/.git/HEAD': 'ref: refs/heads/main\n',
        'code/group/b/MALICIOUS-MARKER': 'inert',
        'code/group/b/sub/package.json': '{"name":"nested, scanned as part of b"}',
        'code/a/node_modules/x/package.json': '{}',
        'code/deep/1/2/3/4/5/package.json': '{}',
        'other/c/package.json': '{}',
      });
      let calls = 0;
      const report = await runHunt(
        { home, os, roots: [`${home}/code`, `${home}/other`], readers: QUIET_MACHINE, concurrency: 2 },
        [rule],
        dir => {
          calls++;
          return scan(dir, { provenance: false, rules: [marker] });
        },
      );
      assert.equal(calls, 3);
      const rows = report.workstation?.repositories ?? [];
      assert.deepEqual(rows.map(r => [r.path, r.verdict]).sort(), [
        ['~/code/a', 'pass'],
        ['~/code/group/b', 'block'],
        ['~/other/c', 'pass'],
      ]);
      assert.deepEqual(
        ofRule(report, ID).map(f => f.location.file),
        ['~/code/group/b'],
      );
      assert.equal(report.verdict, 'block');
    });
  }

  it('is skipped without --roots, and a missing root is not fatal', async () => {
    const home = makeHome();
    const none = await huntWith(rule, home, 'linux');
    assert.equal(none.workstation?.checks[0]?.status, 'skipped');
    const missing = await huntWith(rule, home, 'linux', { roots: [`${home}/nope`] });
    assert.equal(missing.workstation?.checks[0]?.status, 'partial');
    assert.deepEqual(missing.workstation.repositories, []);
  });
});
