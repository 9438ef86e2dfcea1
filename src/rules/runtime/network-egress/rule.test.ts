import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE, runRuntimeRule } from '../../../../test/helpers/runtime.ts';
import rule from './rule.ts';

describe('runtime/network-egress', () => {
  it('reports a request that carried a honeytoken as critical, located at the script that ran', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'dns',
        phase: 'install',
        summary: 'looked up exfil.example.invalid',
        detail: { name: 'exfil.example.invalid', source: SOURCE },
      },
      {
        kind: 'http',
        phase: 'install',
        summary: 'POST',
        detail: {
          method: 'POST',
          url: 'http://exfil.example.invalid/upload',
          host: 'exfil.example.invalid',
          path: '/upload',
          honeytokens: ['ssh-key'],
          source: SOURCE,
        },
      },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings.at(0)?.severity, 'critical');
    assert.deepEqual(findings.at(0)?.location, SOURCE);
    assert.deepEqual(findings.at(0)?.triggers, ['install']);
    assert.match(findings.at(0)?.message ?? '', /exfil\.example\.invalid/);
  });
  it('reports a raw connect to a literal IP as high', () => {
    const findings = runRuntimeRule(rule, [
      {
        kind: 'network',
        phase: 'dev',
        summary: 'node connected to 203.0.113.10:1224',
        detail: { destination: '203.0.113.10', port: 1224, literalIp: true, source: SOURCE },
      },
    ]);
    assert.equal(findings.at(0)?.severity, 'high');
    assert.match(findings.at(0)?.message ?? '', /IP address 203\.0\.113\.10:1224/);
  });
  it('benign: loopback lookups and tooling hosts stay below high', () => {
    const findings = runRuntimeRule(rule, [
      { kind: 'dns', phase: 'dev', summary: 'localhost', detail: { name: 'localhost' } },
      {
        kind: 'http',
        phase: 'dev',
        summary: 'fonts',
        detail: { host: 'fonts.googleapis.com', url: 'https://fonts.googleapis.com/css2', method: 'GET', path: '/css2' },
      },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings.at(0)?.severity, 'medium');
  });
});
