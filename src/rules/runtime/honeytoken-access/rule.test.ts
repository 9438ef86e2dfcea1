import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/honeytoken-access', () => {
  it('reports a read of the fake SSH key as critical', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'honeytoken',
        phase: 'install',
        summary: 'read',
        pid: 9,
        detail: {
          token: 'ssh-key',
          label: 'SSH private key',
          path: '/home/dev/.ssh/id_ed25519',
          op: 'read',
          expectedReader: false,
          argv: ['node', 'scripts/setup.js'],
          source: SOURCE,
        },
      },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings.at(0)?.severity, 'critical');
    assert.match(findings.at(0)?.message ?? '', /SSH private key/);
  });
  it('reports a request carrying a honeytoken', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'http',
        phase: 'dev',
        summary: 'POST http://x.example.invalid/',
        detail: { host: 'x.example.invalid', url: 'http://x.example.invalid/', honeytokens: ['env-secret'], source: SOURCE },
      },
    ]);
    assert.equal(findings.length, 1);
  });
  it('benign: npm reading ~/.npmrc', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'honeytoken',
        phase: 'install',
        summary: 'read',
        detail: {
          token: 'npm-token',
          label: 'npm publish token',
          op: 'read',
          expectedReader: true,
          argv: ['node', '/usr/bin/npm', 'run', 'postinstall'],
        },
      },
    ]);
    assert.equal(findings.length, 0);
  });
});
