import { pythonArchives } from '../../../analysis/py/sdist.ts';
import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { severityRank } from '../../../core/severity.ts';
import { pythonSources } from '../../../analysis/py/facts.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { readToml } from '../../../lang/toml.ts';
import { gapKindOf } from '../../../lang/read-result.ts';

/**
 * Folders of installed or generated Python that a repository's own install does not run, and
 * project templates (cookiecutter, copier: `{{cookiecutter.project_slug}}/`), which are text a
 * generator renders, not code that runs as it is.
 */
export const NOT_OURS = /(?:^|\/)(?:site-packages|dist-packages|\.venv|venv|\.tox|\.nox|__pycache__|build\/lib)(?:\/|$)|\{\{[^/]*\}\}|\{%/;

function lineOf(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

function setupPy(ctx: RuleContext, path: string): void {
  const text = ctx.text(path) ?? '';
  const cmdclass = lineOf(text, /\bcmdclass\s*=/);
  const dir = dirName(path);
  ctx.addSurface({
    trigger: 'install',
    kind: 'python-setup',
    location: { file: path, line: cmdclass ?? 1 },
    entry: path,
    name: 'setup.py',
    command: dir === '' ? 'pip install .' : `pip install ./${dir}`,
  });
  ctx.report({
    severity: 'info',
    message:
      cmdclass !== undefined
        ? `${path} runs as Python on \`pip install\` and \`python setup.py\`, and replaces setup commands with its own classes (\`cmdclass\`, line ${cmdclass}).`
        : `${path} runs as Python (the whole module, and every local module it imports) on \`pip install\` and \`python setup.py\`.`,
    location: { file: path, line: cmdclass ?? 1 },
    runs: { trigger: 'install', files: [path] },
  });
}

function pyproject(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  const read = readToml(text);
  if (!read.ok) {
    ctx.error(`not read: ${read.error.message}`, path, gapKindOf(read.error));
    return;
  }
  const bs = read.value['build-system'];
  if (typeof bs !== 'object' || bs === null) return;
  const backend = (bs as Record<string, unknown>)['build-backend'];
  const paths = (bs as Record<string, unknown>)['backend-path'];
  if (typeof backend !== 'string' || !Array.isArray(paths)) return;
  const dir = dirName(path);
  const dirs = paths
    .filter((p): p is string => typeof p === 'string')
    .map(p => joinRel(dir, p))
    .filter((p): p is string => p !== undefined)
    .map(p => (p === '.' ? '' : p));
  const module = backend.split(':')[0]?.trim() ?? '';
  const entry = pythonSources(ctx).resolveModule(dirs, module);
  const line = lineOf(text, /^\s*backend-path\s*=/m) ?? lineOf(text, /^\s*build-backend\s*=/m) ?? 1;
  ctx.addSurface({
    trigger: 'install',
    kind: 'python-build-backend',
    location: { file: path, line },
    ...(entry !== undefined ? { entry } : {}),
    name: backend.slice(0, 100),
    command: dir === '' ? 'pip install .' : `pip install ./${dir}`,
  });
  ctx.report({
    severity: entry !== undefined ? 'info' : 'low',
    message:
      entry !== undefined
        ? `${path} names a build backend inside the repository (${entry}): pip runs it as Python to build the package on \`pip install\`.`
        : `${path} names an in-tree build backend (\`${backend.slice(0, 100)}\` under backend-path) that is not in the repository.`,
    location: { file: path, line },
    ...(entry !== undefined ? { runs: { trigger: 'install' as const, files: [entry] } } : {}),
  });
}

/** `cmdclass` entries of setup.cfg's `[options]` (`build_py = pkg.module:Class`). */
function setupCfg(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  const lines = text.split(/\r?\n/);
  let section = '';
  let inCmdclass = false;
  const dir = dirName(path);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1]?.trim() ?? '';
      inCmdclass = false;
      continue;
    }
    if (section !== 'options') continue;
    const key = /^(\w[\w.-]*)\s*[=:]\s*(.*)$/.exec(raw);
    if (key) {
      inCmdclass = key[1] === 'cmdclass';
      if (!inCmdclass || (key[2] ?? '').trim() === '') continue;
    } else if (!inCmdclass || !/^\s+\S/.test(raw)) {
      if (!/^\s/.test(raw)) inCmdclass = false;
      continue;
    }
    const value = key ? (key[2] ?? '') : raw;
    const ref = /=\s*([\w.]+)(?::\w+)?\s*$/.exec(value) ?? /^\s*([\w.]+)(?::\w+)?\s*$/.exec(value);
    const dotted = ref?.[1];
    if (!dotted) continue;
    const parts = dotted.split('.');
    let entry: string | undefined;
    for (let n = parts.length; n >= 1 && entry === undefined; n--)
      entry = pythonSources(ctx).resolveModule([dir, joinRel(dir, 'src') ?? 'src'], parts.slice(0, n).join('.'));
    ctx.addSurface({
      trigger: 'install',
      kind: 'python-cmdclass',
      location: { file: path, line: i + 1 },
      ...(entry !== undefined ? { entry } : {}),
      name: dotted.slice(0, 100),
      command: dir === '' ? 'pip install .' : `pip install ./${dir}`,
    });
    ctx.report({
      severity: 'info',
      message: `${path} replaces a setup command with \`${dotted.slice(0, 100)}\`, which runs on \`pip install\`${entry !== undefined ? ` (${entry})` : ''}.`,
      location: { file: path, line: i + 1 },
      ...(entry !== undefined ? { runs: { trigger: 'install' as const, files: [entry] } } : {}),
    });
  }
}

/** Code a `.pth` line runs: dynamic code, processes, network and decoders. */
const PTH_RUNS = /\b(?:exec|eval|compile)\s*\(/;
const PTH_SPAWNS = /\b(?:system|popen|Popen|call|check_call|check_output|run|spawn\w*|execv\w*)\s*\(/;
const PTH_NETWORK = /\b(?:urlopen|urlretrieve|requests|httpx|socket|http\.client)\b|https?:\/\/|\b(?:curl|wget)\b/;
const PTH_DECODES =
  /\b(?:b64decode|b32decode|b85decode|a85decode|decodebytes|decompress|fromhex|unhexlify|loads)\b|codecs\.decode|\[::-1\]/;

/** How bad one `.pth` import line is: decoded or downloaded code run, code run, or an import. */
function pthLevel(line: string): Severity {
  const runs = PTH_RUNS.test(line);
  const spawns = PTH_SPAWNS.test(line) && /\b(?:os|subprocess|pty|commands)\b/.test(line);
  const network = PTH_NETWORK.test(line);
  const decodes = PTH_DECODES.test(line);
  if ((runs || spawns) && (network || decodes)) return 'critical';
  if (runs || spawns || network || decodes) return 'high';
  return 'low';
}

/**
 * `.pth` files: every line that starts with `import` runs on every start of the Python that
 * installs it (site.py executes it). The worst line is reported.
 */
function pth(ctx: RuleContext, path: string, text: string | undefined, where = 'once the file is installed into site-packages'): void {
  if (text === undefined) return;
  const lines = text.split(/\r?\n/);
  let worst: { i: number; level: Severity } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (!/^import[ \t]/.test(l)) continue;
    const level = pthLevel(l);
    if (!worst || severityRank(level) > severityRank(worst.level)) worst = { i, level };
  }
  if (!worst) return;
  const line = lines[worst.i] ?? '';
  ctx.addSurface({
    trigger: 'install',
    kind: 'python-pth',
    location: { file: path, line: worst.i + 1 },
    name: baseName(path),
    command: line.slice(0, 300),
  });
  const what = worst.level === 'critical' ? 'runs decoded or downloaded code' : worst.level === 'high' ? 'runs code' : 'imports a module';
  ctx.report({
    severity: worst.level,
    message: `${path} holds a line that ${what} on every start of Python ${where}: \`${line.slice(0, 120)}\`.`,
    location: { file: path, line: worst.i + 1 },
    evidence: line.slice(0, 300),
  });
}

export default defineRule({
  meta: {
    id: 'autorun/python-packaging',
    severity: 'high',
    confidence: 'high',
    description:
      'Python code that runs on `pip install`: `setup.py` (and its `cmdclass`), an in-tree build backend named by `pyproject.toml`, `setup.cfg` command classes, and `.pth` files whose `import` lines run on every Python start.',
    triggers: ['install'],
    phase: 'map',
    since: '0.1.0',
  },
  async run(ctx) {
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || NOT_OURS.test(f.path)) continue;
      const name = baseName(f.path);
      if (name === 'setup.py') setupPy(ctx, f.path);
      else if (name === 'pyproject.toml') pyproject(ctx, f.path);
      else if (name === 'setup.cfg') setupCfg(ctx, f.path);
      else if (name.endsWith('.pth')) pth(ctx, f.path, ctx.text(f.path));
    }
    // A wheel's `.pth` files are installed into site-packages as they are.
    for (const archive of (await pythonArchives(ctx)).values())
      for (const [path, text] of archive.pth ?? []) pth(ctx, path, text, 'once the wheel is installed');
  },
});
