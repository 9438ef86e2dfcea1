import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/phase-not-run', () => {
  it('reports a phase whose trigger did not run, with the reason and the fix', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'phase',
        phase: 'dev',
        summary: 'dev: dev: exited-before-listening (exit 127)',
        detail: {
          status: 'exited-before-listening',
          notRun: [
            { why: 'package.json declares 3 dependencies and none are installed (--offline)', fix: 'run without --offline' },
            { step: 'dev', why: '`next` is not installed in the sandbox', fix: 'install `next`' },
          ],
        },
      },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings.at(0)?.severity, 'high');
    assert.deepEqual(findings.at(0)?.triggers, ['dev']);
    assert.match(
      findings.at(0)?.message ?? '',
      /^The dev phase did not really run: package\.json declares 3 dependencies.*"dev": `next` is not installed.*run without --offline\.$/,
    );
  });
  it('benign: a phase that ran (even failing) and a phase with nothing to run', () => {
    const findings = runRuntimeRule(rule, [
      { kind: 'phase', phase: 'install', summary: 'install: postinstall: failed (exit 1)', detail: { status: 'failed' } },
      { kind: 'phase', phase: 'dev', summary: 'dev: skipped (no dev or start script)', detail: { status: 'skipped' } },
    ]);
    assert.equal(findings.length, 0);
  });
});
