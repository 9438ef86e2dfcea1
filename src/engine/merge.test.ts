/** One fact, one finding: which findings of different rules merge, and which stay apart. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../core/types.ts';
import { mergeFacts } from './merge.ts';

function finding(ruleId: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'high', confidence: 'high', message: `${ruleId} at ${line}.`, location: { file, line }, ...extra };
}

/** Each kept finding as "rule@line [merged rule@line, …]". */
function shape(list: readonly Finding[]): string[] {
  return list.map(
    f =>
      `${f.ruleId}@${f.location.file}:${f.location.line} ${f.severity}` +
      (f.alsoReportedBy ? ` [${f.alsoReportedBy.map(m => `${m.ruleId}@${m.location.line} ${m.severity}`).join(', ')}]` : ''),
  );
}

const URL = 'https://auth-check.example.invalid/api/ipcheck/603_1';

describe('mergeFacts', () => {
  it('merges different rules at one file and line into the most severe', () => {
    const out = mergeFacts([
      finding('autorun/vscode-folder-open-task', '.vscode/tasks.json', 9),
      finding('autorun/vscode-task-remote-shell', '.vscode/tasks.json', 9, { severity: 'critical', triggers: ['open'] }),
    ]);
    assert.deepEqual(shape(out), [
      'autorun/vscode-task-remote-shell@.vscode/tasks.json:9 critical [autorun/vscode-folder-open-task@9 high]',
    ]);
  });

  it('merges findings of one file whose evidence is the same URL or holds the other, keeping the earliest line among equals', () => {
    const out = mergeFacts([
      finding('code/remote-code-execution', 'server/auth.js', 14, {
        severity: 'critical',
        evidence: URL,
        related: [{ file: 'server/env.js', line: 8 }],
      }),
      finding('code/env-exfiltration', 'server/auth.js', 13, { severity: 'critical', evidence: URL }),
      finding('assets/disguised-script', 'public/font.woff2', 1, {
        severity: 'critical',
        evidence: "// stand-in. global['_V'] = '8-270-2'; https.get(",
      }),
      finding('ioc/known-indicator', 'public/font.woff2', 2, { severity: 'critical', evidence: "global['_V'] =" }),
    ]);
    assert.deepEqual(shape(out), [
      'code/env-exfiltration@server/auth.js:13 critical [code/remote-code-execution@14 critical]',
      'assets/disguised-script@public/font.woff2:1 critical [ioc/known-indicator@2 critical]',
    ]);
    assert.deepEqual(out[0]?.related, [{ file: 'server/env.js', line: 8 }]);
  });

  it('merges a finding that is a step of another rule’s chain in the same file', () => {
    const out = mergeFacts([
      finding('code/remote-code-execution', 'a.js', 7, { severity: 'critical', related: [{ file: 'a.js', line: 4 }] }),
      finding('code/network-fetch', 'a.js', 4, { severity: 'medium' }),
    ]);
    assert.deepEqual(shape(out), ['code/remote-code-execution@a.js:7 critical [code/network-fetch@4 medium]']);
  });

  it('keeps apart: one rule’s two findings on two lines, other files, short or different evidence, info, and history on another line', () => {
    const input = [
      finding('code/remote-code-execution', 'a.js', 3, { evidence: URL }),
      finding('code/remote-code-execution', 'a.js', 9, { evidence: URL }),
      finding('code/env-exfiltration', 'b.js', 2, { evidence: URL }),
      finding('code/encoded-endpoint', '.env', 3, { evidence: URL }),
      finding('code/obfuscation', 'c.js', 1, { evidence: 'eval(x)' }),
      finding('code/hidden-code', 'c.js', 5, { evidence: 'eval(x) again' }),
      finding('code/shell-exec', 'd.js', 2, { evidence: 'https://one.example.invalid/a' }),
      finding('code/dynamic-require', 'd.js', 4, { evidence: 'https://two.example.invalid/b' }),
      finding('autorun/tool-config', 'e.js', 1, { severity: 'info' }),
      finding('code/hidden-code', 'e.js', 1),
      finding('provenance/late-autorun-change', 'f.js', 1, { evidence: URL }),
      finding('code/hidden-code', 'f.js', 3, { evidence: URL }),
    ];
    assert.deepEqual(shape(mergeFacts(input)), shape(input));
  });

  it('a finding already merged at its line joins another by its merged members’ evidence, and never two of one rule', () => {
    const out = mergeFacts([
      finding('code/env-exfiltration', 's.js', 13, { severity: 'critical', evidence: URL }),
      finding('ioc/known-indicator', 's.js', 20, { evidence: "x-app-request': 'ip-check" }),
      finding('code/remote-code-execution', 's.js', 20, { severity: 'critical', evidence: 'new Function(response.data)' }),
      finding('code/obfuscation', 's.js', 30, { evidence: URL }),
      finding('code/obfuscation', 's.js', 31, { evidence: URL }),
    ]);
    assert.deepEqual(shape(out), [
      'code/env-exfiltration@s.js:13 critical [code/obfuscation@30 high]',
      'code/remote-code-execution@s.js:20 critical [ioc/known-indicator@20 high]',
      'code/obfuscation@s.js:31 high',
    ]);
  });

  it('merges one line reported several times by one rule, and a late change with the code it added on that line', () => {
    const out = mergeFacts([
      finding('code/dynamic-code', 'yarn.cjs', 49, { severity: 'medium', evidence: 'new Function(a)' }),
      finding('code/dynamic-code', 'yarn.cjs', 49, { severity: 'medium', evidence: 'eval(b)' }),
      finding('code/dynamic-code', 'yarn.cjs', 49, { severity: 'low', evidence: 'new Function(c)' }),
      finding('provenance/late-autorun-change', 'server.js', 12, { severity: 'medium', evidence: 'commit 1234567' }),
      finding('code/dynamic-code', 'server.js', 12, { severity: 'high', evidence: 'eval(body)' }),
      finding('provenance/late-autorun-change', 'package.json', 7, { severity: 'low', evidence: 'commit 89abcde' }),
      finding('provenance/late-autorun-change', 'package.json', 7, { severity: 'low', evidence: 'commit 0123456' }),
    ]);
    assert.deepEqual(shape(out), [
      'code/dynamic-code@yarn.cjs:49 medium [code/dynamic-code@49 medium, code/dynamic-code@49 low]',
      'code/dynamic-code@server.js:12 high [provenance/late-autorun-change@12 medium]',
      'provenance/late-autorun-change@package.json:7 low [provenance/late-autorun-change@7 low]',
    ]);
    assert.deepEqual(
      out[0]?.alsoReportedBy?.map(m => m.evidence),
      ['eval(b)', 'new Function(c)'],
    );
  });
});
