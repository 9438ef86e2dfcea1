import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { defaultScanOptions } from '../core/defaults.ts';
import { defineFact, defineFactFamily, defineRule } from '../core/rule.ts';
import type { ScanRule } from '../core/rule.ts';
import { runEngine } from '../engine/scan.ts';

const root = mkdtempSync(join(tmpdir(), 'airlock-facts-'));
writeFileSync(join(root, 'index.js'), 'module.exports = 1;\n');
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function rule(id: string, run: ScanRule['run'], phase?: 'map'): ScanRule {
  return defineRule({
    meta: { id, severity: 'low', confidence: 'high', description: 'A test rule.', since: '0.1.0', ...(phase ? { phase } : {}) },
    run,
  });
}

function scan(rules: ScanRule[]) {
  return runEngine({ root, target: { path: root, kind: 'directory' }, options: defaultScanOptions(), rules });
}

it('computes a fact once per scan, and a family once per key, for every rule that reads it', async () => {
  let computed = 0;
  const keys: string[] = [];
  const count = defineFact('test:count', ctx => {
    computed++;
    return ctx.inventory.files.length;
  });
  const upper = defineFactFamily('test:upper', (_ctx, key: string) => {
    keys.push(key);
    return key.toUpperCase();
  });
  const seen: unknown[] = [];
  const reader = (id: string) =>
    rule(id, ctx => {
      seen.push(ctx.facts.get(count), ctx.facts.get(upper, 'a'), ctx.facts.get(upper, 'b'), ctx.facts.get(upper, 'a'));
    });
  const report = await scan([reader('test/one'), reader('test/two')]);
  assert.equal(computed, 1);
  assert.deepEqual(keys, ['a', 'b']);
  assert.deepEqual(seen, [1, 'A', 'B', 'A', 1, 'A', 'B', 'A']);
  assert.equal(typeof report.timing['fact:test:count'], 'number');
});

it('records a failed provider once, as an analysis-failed gap naming it, and not the failure of each reader', async () => {
  const broken = defineFact('test:broken', (): number => {
    throw new Error('the input is malformed');
  });
  const report = await scan([rule('test/one', ctx => void ctx.facts.get(broken)), rule('test/two', ctx => void ctx.facts.get(broken))]);
  assert.deepEqual(report.errors, [{ message: 'test:broken could not be computed: the input is malformed', kind: 'analysis-failed' }]);
});

it('refuses a provider that needs the execution map during the map phase', async () => {
  const late = defineFact('test:late', ctx => ctx.executionMap.length, 'execution-map');
  let after = -1;
  const report = await scan([
    rule('code/early', ctx => void ctx.facts.get(late), 'map'),
    rule('code/after', ctx => {
      after = ctx.facts.get(late);
    }),
  ]);
  assert.equal(after, 0);
  assert.deepEqual(report.errors, [
    {
      message: 'rule code/early failed: test:late needs the execution map, which is not complete yet',
      by: { rule: 'code/early', area: 'code', detail: 'failed: test:late needs the execution map, which is not complete yet' },
    },
  ]);
});
