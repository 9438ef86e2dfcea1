import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { gapKindOf } from '../../../lang/read-result.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { readToml } from '../../../lang/toml.ts';
import { commandRisk, isManualContext } from '../_shared/command-risk.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

/** Config files mise reads in a folder (https://mise.jdx.dev/configuration.html). */
const MISE_FILES =
  /^(?:\.?mise(?:\.[\w-]+)?\.toml|\.mise\/config(?:\.[\w-]+)?\.toml|mise\/config(?:\.[\w-]+)?\.toml|\.config\/mise(?:\/config)?(?:\.[\w-]+)?\.toml)$/;

/** What a piece of the config runs, and when. */
interface Command {
  what: string;
  command: string;
  trigger: Trigger;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function commandsOf(doc: Obj): Command[] {
  const out: Command[] = [];
  const add = (what: string, value: unknown, trigger: Trigger): void => {
    const list = Array.isArray(value) ? value : [value];
    for (const v of list) {
      const text = typeof v === 'string' ? v : isObj(v) && typeof v['script'] === 'string' ? v['script'] : undefined;
      if (text !== undefined && text.trim() !== '') out.push({ what, command: text, trigger });
    }
  };
  // Hooks run as the shell enters or leaves the folder (`mise activate`), or around `mise install`.
  const hooks = doc['hooks'];
  if (isObj(hooks)) {
    for (const [name, value] of Object.entries(hooks)) {
      const trigger: Trigger = /install/.test(name) ? 'install' : 'shell';
      add(`[hooks] ${name}`, value, trigger);
    }
  }
  // `[env] _.source = "./x.sh"` runs a script each time mise loads the environment.
  const env = doc['env'];
  const underscore = isObj(env) ? env['_'] : undefined;
  if (isObj(underscore)) {
    const source = underscore['source'];
    for (const s of Array.isArray(source) ? source : [source]) {
      const path = typeof s === 'string' ? s : isObj(s) && typeof s['path'] === 'string' ? s['path'] : undefined;
      if (path !== undefined) out.push({ what: '[env] _.source', command: `. ${path}`, trigger: 'shell' });
    }
  }
  const tasks = doc['tasks'];
  if (isObj(tasks)) {
    for (const [name, spec] of Object.entries(tasks)) {
      if (typeof spec === 'string') add(`task ${name}`, spec, 'dev');
      else if (isObj(spec)) add(`task ${name}`, spec['run'], 'dev');
    }
  }
  return out;
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle.split('\n')[0] ?? needle);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

function judge(ctx: RuleContext, file: string, text: string, c: Command): void {
  const dir = dirName(file).replace(/(?:^|\/)(?:\.mise|mise|\.config\/mise|\.config)$/, '');
  const a = analyzeCommand(c.command);
  const files = a.runsFiles.map(f => joinRel(dir, f.file)).filter((f): f is string => isRepoFile(ctx, f));
  const line = lineOf(text, c.what === '[env] _.source' ? c.command.slice(2) : c.command);
  const task = c.what.startsWith('task ') ? c.what.slice(5) : undefined;
  ctx.addSurface({
    trigger: c.trigger,
    kind: task !== undefined ? 'mise-task' : 'mise',
    location: { file, line },
    name: task ?? c.what,
    command: c.command.slice(0, 300),
    ...(files[0] !== undefined ? { entry: files[0] } : {}),
  });
  const risk = commandRisk(a, c.trigger, false);
  const severity: Severity =
    risk.severity === 'critical'
      ? 'critical'
      : risk.signal && !isManualContext(risk.signal)
        ? risk.severity
        : c.trigger === 'dev'
          ? 'info'
          : 'low';
  const when =
    c.trigger === 'shell'
      ? 'each time your shell enters this folder with mise activated'
      : c.trigger === 'install'
        ? 'when you run `mise install`'
        : `when you run \`mise run ${task ?? ''}\``;
  ctx.report({
    message: `mise runs \`${c.command.replace(/\s+/g, ' ').slice(0, 120)}\` (${c.what} in ${file}) ${when}${risk.why ? `: it ${risk.why}` : ''}.`,
    location: { file, line },
    evidence: c.command.slice(0, 300),
    severity,
    ...(files.length > 0 ? { runs: { trigger: c.trigger, files } } : {}),
  });
}

export default defineRule({
  meta: {
    id: 'autorun/mise',
    severity: 'critical',
    confidence: 'high',
    description:
      'mise config (mise.toml, .mise.toml, .config/mise.toml) runs hooks when your shell enters the folder, sources env scripts, and defines tasks; each is as severe as what it runs.',
    triggers: ['shell', 'install', 'dev'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || !baseName(f.path).endsWith('.toml')) continue;
      const rel = f.path.split('/').slice(-3).join('/');
      if (!MISE_FILES.test(rel) && !MISE_FILES.test(baseName(f.path)) && !MISE_FILES.test(f.path.split('/').slice(-2).join('/'))) continue;
      const text = ctx.text(f.path);
      if (text === undefined) continue;
      const read = readToml(text);
      if (!read.ok) {
        ctx.error(`not read: ${read.error.message}`, f.path, gapKindOf(read.error));
        continue;
      }
      for (const c of commandsOf(read.value)) judge(ctx, f.path, text, c);
    }
  },
});
