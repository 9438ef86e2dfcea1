import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { assessCommand, shortCommand, signalPhrase } from '../_shared/assess-command.ts';
import type { CommandRisk } from '../_shared/assess-command.ts';
import { loadDevcontainers } from '../_shared/devcontainer.ts';
import { reportSyntax } from '../_shared/jsonc-file.ts';

/** Programs that only prepare folders, files or Docker objects on the host. */
const HOUSEKEEPING = new Set([
  'mkdir',
  'touch',
  'echo',
  'printf',
  'true',
  'test',
  '[',
  'docker',
  'docker-compose',
  'cp',
  'ln',
  'chmod',
  'cat',
]);

function grade(risk: CommandRisk, command: string): { severity: Severity; why: string } {
  const signal = risk.signals[0];
  if (risk.level === 'remote' && signal) return { severity: 'critical', why: `: ${signalPhrase(signal.detail, command)}` };
  if (risk.level === 'inline' && signal) return { severity: 'high', why: `: ${signalPhrase(signal.detail, command)}` };
  if (risk.level === 'repo-code')
    return {
      severity: 'high',
      why: risk.entry ? `, which runs ${risk.entry} from this repository` : ', which runs code from this repository',
    };
  if (risk.programs.every(p => HOUSEKEEPING.has(p))) return { severity: 'low', why: '' };
  return { severity: 'medium', why: '' };
}

export default defineRule({
  meta: {
    id: 'autorun/devcontainer-host-command',
    severity: 'critical',
    confidence: 'high',
    description:
      'A dev container `initializeCommand` runs on your machine, not in the container, when the folder is opened in a dev container.',
    triggers: ['open'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const dc of loadDevcontainers(ctx)) {
      reportSyntax(ctx, dc.file, dc.doc, 'the Dev Containers extension');
      for (const c of dc.commands.filter(x => x.key === 'initializeCommand')) {
        const risk = assessCommand(ctx, c.command, dc.folder);
        const label = c.name === undefined ? 'initializeCommand' : `initializeCommand ${c.name}`;
        ctx.addSurface({
          trigger: 'open',
          kind: 'devcontainer-initialize',
          location: { file: dc.file, line: c.line },
          command: c.command.slice(0, 500),
          name: label,
          ...(risk.entry ? { entry: risk.entry } : {}),
        });
        const { severity, why } = grade(risk, c.command);
        const where = dc.folder === '' ? 'this folder' : `the folder ${dc.folder}/`;
        ctx.report({
          severity,
          message: `Opening ${where} in a dev container runs \`${shortCommand(c.command)}\` on your machine, not in the container (${label})${why}.`,
          location: { file: dc.file, line: c.line },
          evidence: c.command.slice(0, 1000),
        });
      }
    }
  },
});
