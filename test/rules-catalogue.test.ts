/** Every rule: id equals its folder, README with the fixed headings, match and benign fixtures. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { allRules, scanRules } from '../src/rules/index.ts';
import { fixtureCases } from './helpers/fixtures.ts';
import { orderPhase, phaseOf } from '../src/engine/order.ts';

const RULES_DIR = fileURLToPath(new URL('../src/rules/', import.meta.url));
const HEADINGS = [
  '## What it detects',
  '## Why it matters',
  '## Examples',
  '## False positives and limits',
  '## How to fix',
  '## References',
];

describe('rule catalogue', () => {
  it('has unique ids', () => {
    const ids = allRules.map(r => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
  });
  for (const rule of allRules) {
    describe(rule.meta.id, () => {
      const dir = join(RULES_DIR, rule.meta.id);
      it('lives in the folder named by its id', () => {
        assert.ok(existsSync(join(dir, 'rule.ts')), `${dir}/rule.ts`);
        assert.match(rule.meta.id, /^[a-z]+\/[a-z0-9-]+$/);
      });
      it('has a README with the fixed headings in order', () => {
        const doc = readFileSync(join(dir, 'README.md'), 'utf8');
        assert.ok(doc.startsWith(`# ${rule.meta.id}\n`), 'README starts with "# <id>"');
        let last = -1;
        for (const h of HEADINGS) {
          const at = doc.indexOf(`\n${h}\n`);
          assert.ok(at > last, `heading "${h}" present and in order`);
          last = at;
        }
      });
      it('has a test, match fixtures and benign fixtures', () => {
        assert.ok(existsSync(join(dir, 'rule.test.ts')), 'rule.test.ts');
        if (rule.kind === 'scan') {
          assert.ok(fixtureCases(dir, 'match').length > 0, 'fixtures/match/<case>/');
          assert.ok(fixtureCases(dir, 'benign').length > 0, 'fixtures/benign/<case>/');
        }
      });
    });
  }
});

describe('rule order', () => {
  it('is decided by phase and `after`, which names rules of the same phase and makes no cycle', () => {
    const byId = new Map(scanRules.map(r => [r.meta.id, r]));
    for (const phase of ['map', 'analyze', 'post', 'final'] as const) {
      const ordered = orderPhase(scanRules, phase).map(r => r.meta.id);
      for (const [i, id] of ordered.entries()) {
        for (const dep of byId.get(id)?.meta.after ?? []) {
          assert.equal(phaseOf(byId.get(dep) ?? assert.fail(`${id}: after names no rule ${dep}`)), phase, `${id} after ${dep}`);
          assert.ok(ordered.indexOf(dep) < i, `${dep} runs before ${id}`);
        }
      }
    }
  });
  it('does not follow the registry: the engine orders the same rules the same way whatever their list order', () => {
    for (const phase of ['map', 'analyze', 'post', 'final'] as const) {
      const ids = orderPhase(scanRules, phase).map(r => r.meta.id);
      assert.deepEqual(
        orderPhase([...scanRules].reverse(), phase).map(r => r.meta.id),
        ids,
      );
    }
    assert.deepEqual(
      orderPhase(scanRules, 'map')
        .map(r => r.meta.id)
        .filter(id => id === 'autorun/framework-server' || id === 'autorun/tool-config'),
      ['autorun/tool-config', 'autorun/framework-server'],
    );
  });
});
