import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { buildStepSeverity } from '../../../core/policy.ts';
import { scriptSignals } from '../../../analysis/shell-script.ts';
import type { CommandSignalKind } from '../../../lang/shell/index.ts';
import { clipCommand, shellFacts } from '../_shared/command-steps.ts';
import { isDockerfileName, loadDockerfile, shownStep } from '../_shared/dockerfile.ts';

const IN_IMAGE = "; the build container does not see this machine's files, but the code it runs is in the image the app starts from";

/** Signals of a step that hides what it runs (a pipe into `sh -s` is only how an installer is run). */
const HIDES: readonly CommandSignalKind[] = ['base64-decode', 'eval', 'encoded-powershell'];

/** The step also decodes or evaluates what it runs. */
function hides(ctx: RuleContext, command: string): boolean {
  const signals = scriptSignals(shellFacts(ctx, command));
  return signals.some(s => HIDES.includes(s.kind));
}

export default defineRule({
  meta: {
    id: 'autorun/dockerfile',
    severity: 'high',
    confidence: 'high',
    description:
      'Dockerfile and Containerfile build steps (RUN, ADD of a URL) read with the shell analyser, on `docker build` and `docker compose up`.',
    triggers: ['build'],
    phase: 'map',
    files: {
      globs: ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/Containerfile', '**/Containerfile.*', '**/*.Containerfile'],
    },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || !isDockerfileName(file.path)) continue;
      const facts = loadDockerfile(ctx, file.path);
      const first = facts?.instructions[0]?.line ?? 1;
      ctx.addSurface({
        trigger: 'build',
        kind: 'dockerfile',
        location: { file: file.path, line: first },
        name: `docker build -f ${file.path}`,
        ...(facts && facts.steps.length > 0 ? { command: clipCommand(facts.steps.map(s => s.command).join('; '), 500) } : {}),
      });
      if (!facts) {
        ctx.error('a Dockerfile that is not a readable text file: its build steps were not analysed', file.path, 'unreadable');
        continue;
      }
      if (facts.truncated !== undefined) ctx.error(`the Dockerfile was read in part: ${facts.truncated}`, file.path, 'truncated');
      const j = facts.build;
      // The severity policy (core/policy.ts): a build container sees no host file, so what a step
      // downloads and runs is context unless the build is handed host secrets or the step hides it.
      const severity = buildStepSeverity({
        evidence: j.tier,
        hides: j.tier === 'decisive' && j.step !== undefined && hides(ctx, j.step.command),
        hostSecrets: facts.hostSecrets !== undefined,
        sendsHostSecret: j.step?.secretFiles !== undefined && j.signal?.kind === 'exfiltration',
      });
      if (severity !== undefined && j.step) {
        const shown = shownStep(facts, j.step);
        const secrets = facts.hostSecrets
          ? `; the build is handed host secrets (${facts.hostSecrets.what}, line ${facts.hostSecrets.line})`
          : '';
        ctx.report({
          severity,
          message: `\`docker build\` of ${file.path} runs \`${clipCommand(shown)}\` (line ${j.step.line}), which ${j.why}${secrets || (j.tier === 'decisive' ? IN_IMAGE : '')}.`,
          location: { file: file.path, line: j.step.line },
          evidence: j.signal ? `${clipCommand(shown, 300)}\n${j.signal.detail}` : clipCommand(shown, 300),
          ...(facts.hostSecrets ? { related: [{ file: file.path, line: facts.hostSecrets.line }] } : {}),
        });
      }
    }
  },
});
