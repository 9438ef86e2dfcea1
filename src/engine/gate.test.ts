import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { defaultScanOptions } from '../core/defaults.ts';
import { defineRule } from '../core/rule.ts';
import { runEngine } from './scan.ts';

const root = mkdtempSync(join(tmpdir(), 'airlock-gate-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

const gated = defineRule({
  meta: {
    id: 'test/gated',
    severity: 'low',
    confidence: 'high',
    description: 'Reports once when it runs.',
    files: { basenames: ['.npmrc'], globs: ['.vscode/*.json'] },
    since: '0.1.0',
  },
  run(ctx) {
    ctx.report({ message: 'ran', location: { file: '.' } });
  },
});

async function ran(): Promise<boolean> {
  const report = await runEngine({ root, target: { path: root, kind: 'directory' }, options: defaultScanOptions(), rules: [gated] });
  return report.findings.some(f => f.ruleId === 'test/gated');
}

it('runs a gated scan rule only when the tree holds a file its gate names, by base name or by glob', async () => {
  writeFileSync(join(root, 'index.js'), 'module.exports = 1;\n');
  assert.equal(await ran(), false);
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'pkg', '.npmrc'), 'save-exact=true\n');
  assert.equal(await ran(), true);
  rmSync(join(root, 'pkg'), { recursive: true });
  mkdirSync(join(root, '.vscode'));
  writeFileSync(join(root, '.vscode', 'tasks.json'), '{}\n');
  assert.equal(await ran(), true);
});
