import { defineRule } from '../../../core/rule.ts';
import { asObject, asString } from '../../../lang/jsonc.ts';
import { assessCommand, shortCommand, signalPhrase } from '../_shared/assess-command.ts';
import { loadDevcontainers } from '../_shared/devcontainer.ts';
import { isRepoFile, resolveConfigPath } from '../_shared/jsonc-file.ts';
import { dirName } from '../../../fs/path.ts';

const WHEN: Record<string, string> = {
  onCreateCommand: 'when the container is created',
  updateContentCommand: 'when the container is created or its content updated',
  postCreateCommand: 'after the container is created',
  postStartCommand: 'each time the container starts',
  postAttachCommand: 'each time the editor attaches to the container',
};

export default defineRule({
  meta: {
    id: 'autorun/devcontainer-lifecycle',
    severity: 'medium',
    confidence: 'medium',
    description:
      'Dev container lifecycle commands (`postCreateCommand` and the like) run inside the container when the folder is opened in it.',
    triggers: ['open'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const dc of loadDevcontainers(ctx)) {
      for (const c of dc.commands.filter(x => x.key !== 'initializeCommand')) {
        const risk = assessCommand(ctx, c.command, dc.folder);
        const label = c.name === undefined ? c.key : `${c.key} ${c.name}`;
        ctx.addSurface({
          trigger: 'open',
          kind: 'devcontainer-lifecycle',
          location: { file: dc.file, line: c.line },
          command: c.command.slice(0, 500),
          name: label,
          ...(risk.entry ? { entry: risk.entry } : {}),
        });
        const signal = risk.signals[0];
        const risky = (risk.level === 'remote' || risk.level === 'inline') && signal !== undefined;
        ctx.report({
          severity: risky ? 'medium' : 'low',
          message: `Opening this folder in a dev container runs \`${shortCommand(c.command)}\` inside the container ${WHEN[c.key] ?? ''} (${label})${risky ? `: ${signalPhrase(signal.detail, c.command)}; the container sees your mounted folder and forwarded credentials` : ''}.`,
          location: { file: dc.file, line: c.line },
          evidence: c.command.slice(0, 1000),
          // What the files it runs do decides how severe it is (core/policy.ts surfaceSeverity).
          ...(risk.files.length > 0 ? { runs: { trigger: 'open' as const, files: risk.files } } : {}),
        });
      }
      const build = asObject(dc.config['build']);
      const buildFile = asString(build?.['dockerfile']);
      const dockerfile = buildFile ?? asString(dc.config['dockerFile']);
      const dockerfileKey = buildFile !== undefined ? ['build', 'dockerfile'] : ['dockerFile'];
      const compose = asString(dc.config['dockerComposeFile']);
      const features = Object.keys(asObject(dc.config['features']) ?? {});
      const parts: string[] = [];
      const base = dirName(dc.file);
      if (dockerfile !== undefined) {
        const path = resolveConfigPath(base, dockerfile);
        parts.push(`the RUN steps of ${isRepoFile(ctx, path) ? path : dockerfile} run while the container is built`);
      }
      if (compose !== undefined) parts.push(`it is started from ${resolveConfigPath(base, compose) ?? compose} with Docker Compose`);
      if (features.length > 0)
        parts.push(`the features ${features.slice(0, 5).join(', ')}${features.length > 5 ? ', …' : ''} run their install scripts in it`);
      if (parts.length > 0) {
        ctx.report({
          severity: 'info',
          message: `The dev container of ${dc.file}: ${parts.join('; ')}.`,
          location: {
            file: dc.file,
            line: dc.doc.positionOf(dockerfile !== undefined ? dockerfileKey : [compose !== undefined ? 'dockerComposeFile' : 'features'])
              .line,
          },
        });
      }
    }
  },
});
