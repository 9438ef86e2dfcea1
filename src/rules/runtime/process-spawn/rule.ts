import { defineRuntimeRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { clip, phaseWords, sourceOf, strList, triggersOf } from '../behavior.ts';

const DOWNLOADERS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'ftp', 'tftp', 'aria2c', 'scp', 'ssh']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);
const INTERPRETERS = new Set(['node', 'python', 'python3', 'perl', 'ruby', 'php', 'bun', 'deno']);

function base(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export default defineRuntimeRule({
  meta: {
    id: 'runtime/process-spawn',
    severity: 'high',
    confidence: 'high',
    description:
      'Code run in the sandbox started a downloader, a shell piping a download, inline interpreter code, or a process that outlived its step.',
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const seen = new Set<string>();
    let reported = 0;
    for (const b of ctx.behaviors) {
      if (b.kind !== 'process' || reported >= 30) continue;
      const argv = strList(b, 'argv');
      const exe = base(argv[0] ?? '');
      let severity: Severity | undefined;
      let why = '';
      if (b.detail?.['leftRunning'] === true) {
        severity = 'high';
        const fate = b.detail['killed'] === false ? 'it was watched until it exited' : 'it was killed';
        why =
          b.detail['detached'] === true
            ? `a detached process kept running after its step ended (a daemon or a late downloader; ${fate})`
            : `a process kept running after its step ended (${fate})`;
      } else if (DOWNLOADERS.has(exe)) {
        severity = 'high';
        why = `it ran the network tool \`${exe}\``;
      } else if (
        SHELLS.has(exe) &&
        argv[1] === '-c' &&
        /\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|\b(curl|wget)\b[^|]*\|\s*node\b/.test(argv[2] ?? '')
      ) {
        severity = 'high';
        why = 'a shell piped a download into an interpreter';
      } else if (
        INTERPRETERS.has(exe.replace(/[\d.]+$/, '')) &&
        argv.slice(1).some(a => a === '-' || a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '-c')
      ) {
        severity = 'medium';
        why = `it ran inline \`${exe}\` code`;
      }
      if (!severity) continue;
      const key = `${b.phase}\u0000${argv.join('\u0000')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reported++;
      ctx.report({
        severity,
        message: `${phaseWords(b.phase)}, ${why}.`,
        location: sourceOf(b),
        evidence: clip(b.summary, 240),
        triggers: triggersOf(b),
      });
    }
  },
});
