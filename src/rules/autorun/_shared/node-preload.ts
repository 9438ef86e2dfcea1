/**
 * Code a `data:` URL in NODE_OPTIONS (or a node flag) carries: Node runs it before every program,
 * so it is analysed as JavaScript here and reported where it is written. Hiding a preload in a
 * URL is itself high; running downloaded or decoded code, or a download piped into a shell, is
 * critical.
 */
import { programVerdict } from '../../../analysis/embedded-program.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Location, Trigger } from '../../../core/types.ts';
import { commandVerdict } from './command-verdict.ts';

export interface DataUrlPreload {
  code: string;
  location: Location;
  evidence: string;
  /** Where it is set, for the message: ".env.local (NODE_OPTIONS --import)". */
  where: string;
  triggers: readonly Trigger[];
}

export function dataUrlPreload(ctx: RuleContext, p: DataUrlPreload): void {
  for (const trigger of p.triggers) {
    ctx.addSurface({
      trigger,
      kind: 'node-preload',
      location: p.location,
      command: p.evidence.slice(0, 500),
      name: 'NODE_OPTIONS data: URL',
    });
  }
  const verdict = ctx.facts.get(programVerdict, { path: p.location.file, lang: 'js', code: p.code });
  const shell = verdict.commands.map(c => commandVerdict(c.command)).find(v => v?.severity === 'critical');
  const why =
    verdict.tier === 'decisive' ? `; it ${verdict.why}` : shell ? `; it runs \`${verdict.commands[0]?.command ?? ''}\` ${shell.why}` : '';
  const shown = p.code.replace(/\s+/g, ' ').trim();
  ctx.report({
    severity: verdict.tier === 'decisive' || shell ? 'critical' : 'high',
    message: `Every node process started with ${p.where} first runs JavaScript hidden in a data: URL${why}.`,
    location: p.location,
    evidence: `${p.evidence.slice(0, 300)}\ndecoded: ${shown.length > 300 ? `${shown.slice(0, 297)}…` : shown}`,
  });
}
