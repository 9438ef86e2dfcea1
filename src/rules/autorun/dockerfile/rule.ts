import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { clipCommand } from '../_shared/command-steps.ts';
import type { StepTier } from '../_shared/command-steps.ts';
import { isDockerfileName, loadDockerfile, shownStep } from '../_shared/dockerfile.ts';

/**
 * A build runs in a build container: it does not see the host's home folder, SSH keys or files
 * outside the build context. Code fetched and run there is still evidence of a hostile repository
 * (and ends up in the image the app runs from), but not a compromise of this machine by itself.
 */
const BUILD_SEVERITY: Record<StepTier, Severity | undefined> = { decisive: 'high', hidden: 'medium', context: 'low', none: undefined };

const IN_IMAGE = "; the build container does not see this machine's files, but the code it runs is in the image the app starts from";

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
      const severity = BUILD_SEVERITY[j.tier];
      if (severity !== undefined && j.step) {
        const shown = shownStep(facts, j.step);
        ctx.report({
          severity,
          message: `\`docker build\` of ${file.path} runs \`${clipCommand(shown)}\` (line ${j.step.line}), which ${j.why}${j.tier === 'decisive' ? IN_IMAGE : ''}.`,
          location: { file: file.path, line: j.step.line },
          evidence: j.signal ? `${clipCommand(shown, 300)}\n${j.signal.detail}` : clipCommand(shown, 300),
        });
      }
    }
  },
});
