import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/remote-code-loaded', () => {
  it('reports an executed decoy payload as critical', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'code-loaded',
        phase: 'dev',
        summary: 'node executed',
        detail: { decoy: 'R-1', url: 'http://config.example.invalid/api', source: SOURCE },
      },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings.at(0)?.severity, 'critical');
    assert.match(findings.at(0)?.message ?? '', /config\.example\.invalid/);
  });
  it('benign: a download that is only stored', () => {
    const findings = runRuntimeRule(rule, [
      { kind: 'http', phase: 'dev', summary: 'GET', detail: { url: 'http://x.example.invalid/a.json' } },
    ]);
    assert.equal(findings.length, 0);
  });
});
