/** Runs runtime (detonate) rules over hand-written behaviours, without a sandbox. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultScanOptions } from '../../src/core/defaults.ts';
import type { Rule } from '../../src/core/rule.ts';
import type { Behavior, Finding } from '../../src/core/types.ts';
import { runEngine } from '../../src/engine/scan.ts';

export async function runRuntimeRule(rule: Rule, behaviors: Behavior[]): Promise<Finding[]> {
  const root = mkdtempSync(join(tmpdir(), 'airlock-rt-'));
  try {
    const report = await runEngine({
      root,
      target: { path: root, kind: 'directory' },
      options: { ...defaultScanOptions(), provenance: false },
      rules: [rule],
      command: 'detonate',
      behaviors,
    });
    return report.findings.filter(f => f.ruleId === rule.meta.id);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const SOURCE = { file: 'package.json', line: 5 };
