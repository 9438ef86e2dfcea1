import { defineRule } from '../../../core/rule.ts';
import { baseName } from '../../../fs/path.ts';

// direnv stdlib calls and plain exports that only set variables.
const DECLARATIVE = /^(?:export\s+[A-Za-z_][A-Za-z0-9_]*=(?:"[^"$`]*"|'[^']*'|[^\s$`;|&]*)|dotenv(?:_if_exists)?(?:\s+\S+)?|layout\s+\w+|use\s+\w+(?:\s+[\w.-]+)?|PATH_add\s+[\w./-]+|watch_file\s+[\w./-]+|source_env(?:_if_exists)?\s+[\w./-]+|source_up(?:_if_exists)?)$/;

export default defineRule({
  meta: {
    id: 'autorun/direnv',
    severity: 'medium',
    confidence: 'high',
    description: 'An `.envrc` file runs as shell code when direnv is enabled and you `cd` into the folder.',
    triggers: ['shell'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || baseName(file.path) !== '.envrc' || file.type !== 'file') continue;
      const lines = (ctx.text(file.path) ?? '').split(/\r?\n/);
      const commands = lines
        .map((text, i) => ({ text: text.trim(), line: i + 1 }))
        .filter(l => l.text !== '' && !l.text.startsWith('#'));
      const active = commands.find(c => !DECLARATIVE.test(c.text));
      const shown = active ?? commands[0];
      ctx.addSurface({
        trigger: 'shell',
        kind: 'direnv',
        location: { file: file.path, line: shown?.line ?? 1 },
        name: '.envrc',
        ...(shown ? { command: shown.text.slice(0, 300) } : {}),
      });
      ctx.report({
        message: active
          ? `Entering this folder with direnv allowed runs \`${active.text.slice(0, 120)}\` from ${file.path}.`
          : `${file.path} only sets environment variables when direnv loads it.`,
        location: { file: file.path, line: shown?.line ?? 1 },
        ...(shown ? { evidence: shown.text.slice(0, 300) } : {}),
        severity: active ? 'medium' : 'info',
      });
    }
  },
});
