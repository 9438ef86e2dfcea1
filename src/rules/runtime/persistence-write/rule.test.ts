import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/persistence-write', () => {
  it('reports an autostart entry as critical and a .bashrc change as high', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'persistence',
        phase: 'install',
        summary: 'x',
        detail: { path: '/home/dev/.config/autostart/u.desktop', what: 'desktop autostart entry', ok: true, source: SOURCE },
      },
      {
        kind: 'persistence',
        phase: 'install',
        summary: 'y',
        detail: { path: '/home/dev/.bashrc', what: 'shell start-up file', ok: true, source: SOURCE },
      },
    ]);
    assert.deepEqual(findings.map(f => f.severity).sort(), ['critical', 'high']);
  });
  it('benign: ordinary file writes are not persistence', () => {
    const findings = runRuntimeRule(rule, [
      { kind: 'file-write', phase: 'install', summary: 'wrote /home/dev/notes.txt', detail: { path: '/home/dev/notes.txt' } },
    ]);
    assert.equal(findings.length, 0);
  });
});
