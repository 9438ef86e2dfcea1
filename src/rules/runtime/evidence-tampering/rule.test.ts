import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/evidence-tampering', () => {
  it('reports attempts on the evidence, the decoy list and the supervisor as critical', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'file-write',
        phase: 'install',
        summary: 'rm tried to delete /.airlock/out/install-0.trace',
        detail: { path: '/.airlock/out/install-0.trace', op: 'unlink', ok: false, evidence: true, argv: ['rm'], source: SOURCE },
      },
      {
        kind: 'file-read',
        phase: 'install',
        summary: 'cat tried to read /.airlock/config.json',
        detail: { path: '/.airlock/config.json', op: 'read', ok: false, evidence: true, argv: ['cat'], source: SOURCE },
      },
      {
        kind: 'process',
        phase: 'install',
        summary: 'sh tried to send SIGKILL to process 2',
        detail: { target: 2, signal: 'SIGKILL', refused: true, evidence: true, argv: ['sh'], source: SOURCE },
      },
    ]);
    assert.deepEqual(
      findings.map(f => [f.severity, f.location.line]),
      [
        ['critical', 5],
        ['critical', 5],
        ['critical', 5],
      ],
    );
    assert.match(findings.at(0)?.message ?? '', /erase or forge/);
    assert.match(findings.at(1)?.message ?? '', /decoy list/);
    assert.match(findings.at(2)?.message ?? '', /supervisor or tracer/);
  });
  it('reports evidence that came back changed as critical and an unfinished run as high', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'phase',
        phase: 'install',
        summary: 'install: postinstall: ok',
        detail: {
          status: 'ok',
          evidence: [{ what: 'the trace of "postinstall"', problem: 'was truncated (0 of 812 bytes left)', tampered: true }],
        },
      },
      {
        kind: 'phase',
        phase: 'sandbox',
        summary: 'sandbox: the run did not finish',
        detail: { status: 'evidence', evidence: [{ what: 'the run', problem: 'did not finish: the supervisor stopped', tampered: false }] },
      },
    ]);
    assert.deepEqual(
      findings.map(f => f.severity),
      ['critical', 'high'],
    );
    assert.match(findings.at(0)?.message ?? '', /truncated/);
  });
  it('benign: ordinary phases and file writes, and a process signalling its own children', () => {
    const findings = runRuntimeRule(rule, [
      { kind: 'phase', phase: 'install', summary: 'install: postinstall: ok', detail: { status: 'ok' } },
      { kind: 'file-write', phase: 'install', summary: 'wrote /home/dev/x', detail: { path: '/home/dev/x' } },
      { kind: 'process', phase: 'dev', summary: 'node next dev', detail: { argv: ['node'] } },
    ]);
    assert.equal(findings.length, 0);
  });
});
