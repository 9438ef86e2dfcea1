import { defineRuntimeRule } from '../../../core/rule.ts';
import type { Behavior, Severity } from '../../../core/types.ts';
import { clip, phaseWords, sourceOf, str, triggersOf } from '../behavior.ts';

interface Problem {
  what: string;
  problem: string;
  tampered: boolean;
}

function problemsOf(b: Behavior): Problem[] {
  const v = b.detail?.['evidence'];
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is Problem =>
      p !== null && typeof p === 'object' && typeof (p as Problem).what === 'string' && typeof (p as Problem).problem === 'string',
  );
}

export default defineRuntimeRule({
  meta: {
    id: 'runtime/evidence-tampering',
    severity: 'critical',
    confidence: 'high',
    description:
      "Code run in the sandbox went after the detonation's own evidence or machinery (traces, results, run configuration, CA key, supervisor), or the evidence did not come back intact.",
    triggers: ['open', 'install', 'dev', 'test'],
    since: '0.1.0',
  },
  run(ctx) {
    const seen = new Set<string>();
    const once = (key: string): boolean => {
      if (seen.has(key) || seen.size >= 40) return false;
      seen.add(key);
      return true;
    };
    for (const b of ctx.behaviors) {
      if (b.kind === 'phase') {
        for (const p of problemsOf(b)) {
          if (!once(`p\u0000${b.phase}\u0000${p.what}\u0000${p.problem}`)) continue;
          const severity: Severity = p.tampered ? 'critical' : 'high';
          ctx.report({
            severity,
            message: p.tampered
              ? `${p.what} ${p.problem} after the sandbox wrote it: something changed the detonation's evidence, so the report may hide what the code did.`
              : `${p.what} ${p.problem}; the report rests on partial evidence.`,
            location: sourceOf(b),
            evidence: clip(`${p.what}: ${p.problem}`, 240),
            triggers: triggersOf(b),
          });
        }
        continue;
      }
      if (b.detail?.['evidence'] !== true) continue;
      const argv = Array.isArray(b.detail['argv']) ? (b.detail['argv'] as unknown[]).filter(a => typeof a === 'string').join(' ') : '';
      if (b.kind === 'process') {
        const target = b.detail['target'];
        if (!once(`k\u0000${b.phase}\u0000${String(target)}\u0000${argv}`)) continue;
        const all = target === -1;
        ctx.report({
          severity: all && b.detail['refused'] !== true ? 'high' : 'critical',
          message: all
            ? `${phaseWords(b.phase)}, the code sent ${str(b, 'signal') ?? 'a signal'} to every process it could reach, the way a payload tries to take down a sandbox's supervisor.`
            : `${phaseWords(b.phase)}, the code tried to kill a process it did not start (the sandbox's supervisor or tracer); the kernel refused.`,
          location: sourceOf(b),
          evidence: clip(b.summary, 240),
          triggers: triggersOf(b),
        });
      } else if (b.kind === 'file-write' || b.kind === 'file-read') {
        const path = str(b, 'path') ?? '';
        if (!once(`f\u0000${b.phase}\u0000${path}`)) continue;
        ctx.report({
          message:
            b.kind === 'file-read'
              ? `${phaseWords(b.phase)}, the code tried to read the sandbox's own ${path} (its decoy list, CA key or evidence): it was looking for the analysis, not for its own files.`
              : `${phaseWords(b.phase)}, the code tried to change the sandbox's own ${path} (its evidence or supervisor): an attempt to erase or forge what the detonation records.`,
          location: sourceOf(b),
          evidence: clip(`${b.summary}${argv ? ` by ${argv}` : ''}`, 240),
          triggers: triggersOf(b),
        });
      }
    }
  },
});
