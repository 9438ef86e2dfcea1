import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { joinRel } from '../../../fs/path.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';
import { commandRisk, isManualContext, RISKY } from '../_shared/command-risk.ts';
import { programSignals } from '../_shared/assess-command.ts';

/** A gyp command expansion: `<!(cmd)` (its output as a string) or `<!@(cmd)` (as a list). */
const EXPANSION = /<!@?\(/g;
const MAX_COMMAND = 2000;
const MAX_PER_FILE = 50;

/** The command of the expansion whose `(` is at `open`: up to the matching `)`. */
function commandAt(text: string, open: number): string | undefined {
  let depth = 0;
  const end = Math.min(text.length, open + MAX_COMMAND);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/** A gyp string is a Python literal: `\"` and `\'` are the quotes the shell gets. */
function unescapeGyp(s: string): string {
  return s.replace(/\\(["'\\])/g, '$1');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export default defineRule({
  meta: {
    id: 'autorun/node-gyp-command',
    severity: 'critical',
    confidence: 'high',
    description:
      'A `binding.gyp` command expansion (`<!(…)`, `<!@(…)`) runs a shell command when node-gyp reads the file, which `npm install` does by itself for a package with a binding.gyp.',
    triggers: ['install'],
    phase: 'map',
    files: { basenames: ['binding.gyp'] },
    since: '0.1.0',
  },
  run(ctx) {
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || !/(?:^|\/)binding\.gyp$/.test(file.path)) continue;
      const text = ctx.text(file.path) ?? '';
      const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
      let count = 0;
      for (const m of text.matchAll(EXPANSION)) {
        if (++count > MAX_PER_FILE) break;
        const raw = commandAt(text, m.index + m[0].length - 1);
        if (raw === undefined) continue;
        const command = unescapeGyp(raw.trim());
        const line = lineAt(text, m.index);
        const a = analyzeCommand(command);
        const entry = a.runsFiles.map(f => joinRel(dir, f.file)).find(p => isRepoFile(ctx, p));
        const location = { file: file.path, line };
        ctx.addSurface({
          trigger: 'install',
          kind: 'node-gyp',
          location,
          command: command.slice(0, 300),
          name: 'binding.gyp command expansion',
          ...(entry !== undefined ? { entry } : {}),
        });
        // Reading a dependency's include path (`node -p "require('node-addon-api').include"`,
        // `pkg-config --cflags x`) is what expansions are for: inline code that shows nothing
        // risky is no finding, as when a user runs it.
        const risk = commandRisk({ ...a, signals: [...a.signals, ...programSignals(ctx, a, dir)] }, 'install', false);
        const risky = a.signals.find(s => RISKY.includes(s.kind) && !isManualContext(s));
        const severity: Severity | undefined =
          risk.severity === 'critical' ? 'critical' : risky ? 'high' : entry !== undefined ? 'low' : undefined;
        if (severity === undefined) continue;
        const why =
          risk.severity === 'critical' || risky ? ` (${risk.severity === 'critical' ? risk.why : (risky?.detail ?? risk.why)})` : '';
        const what = entry !== undefined && !why ? `, which runs ${entry}` : why;
        ctx.report({
          message: `\`npm install\` runs node-gyp, which runs \`${command.slice(0, 120)}\` from ${file.path}${what}.`,
          location,
          severity,
          evidence: command.slice(0, 300),
          ...(entry !== undefined ? { runs: { trigger: 'install', files: [entry] } } : {}),
        });
      }
    }
  },
});
