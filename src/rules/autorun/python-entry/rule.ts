import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { pythonSources } from '../../../analysis/py/facts.ts';
import { baseName, dirName } from '../../../fs/path.ts';
import { readToml } from '../../../lang/toml.ts';
import { parseDotenv } from '../../../lang/dotenv/parse.ts';
import { NOT_OURS } from '../python-packaging/rule.ts';

/** Scripts a Python project is started with, and the trigger and command of each. */
const ENTRIES: Record<string, { trigger: Trigger; command: (file: string) => string }> = {
  'manage.py': { trigger: 'dev', command: f => `python ${f} runserver` },
  'app.py': { trigger: 'start', command: f => `python ${f}` },
  'main.py': { trigger: 'start', command: f => `python ${f}` },
  'wsgi.py': { trigger: 'start', command: f => `gunicorn (${f})` },
  'asgi.py': { trigger: 'start', command: f => `uvicorn (${f})` },
};

/** Test folders: a `main.py` there is a test's, not the application's. */
const IN_TESTS = /(?:^|\/)(?:tests?|testing|docs|examples?)\//;

/**
 * `app.py` and `main.py` are entry points when they are run as scripts or build the application
 * object a server imports; a library's module of that name (`flask/app.py`) is not.
 */
/** At the top level of the module (not indented, so not in a docstring's example either). */
const STARTS =
  /^(?:if\s+__name__\s*==\s*['"]__main__['"]|\w+\s*=\s*(?:Flask|FastAPI|Starlette|Quart|Sanic|Litestar|Bottle|Falcon|App|web\.Application|falcon\.App|create_app)\s*\(|(?:uvicorn|app|web)\.run(?:_app)?\s*\()/m;

function entryScript(ctx: RuleContext, path: string): void {
  const spec = ENTRIES[baseName(path)];
  if (!spec || IN_TESTS.test(path)) return;
  const name = baseName(path);
  if ((name === 'app.py' || name === 'main.py') && !STARTS.test(ctx.text(path) ?? '')) return;
  ctx.addSurface({
    trigger: spec.trigger,
    kind: 'python-entry',
    location: { file: path, line: 1 },
    entry: path,
    name: baseName(path),
    command: spec.command(path),
  });
  ctx.report({
    severity: 'info',
    message: `${path} is the Python entry point \`${spec.command(path)}\` runs, with every local module it imports (settings, apps, routes).`,
    location: { file: path, line: 1 },
    runs: { trigger: spec.trigger, files: [path] },
  });
}

/**
 * Files Python or a server runs by their name alone: gunicorn reads `./gunicorn.conf.py` (its
 * server hooks, `on_starting`, `post_fork`, `when_ready`, run in the server), and Python's `site`
 * imports `sitecustomize`/`usercustomize` from its path at every start.
 */
const BY_NAME: Record<string, { trigger: Trigger; command: string; why: string }> = {
  'gunicorn.conf.py': {
    trigger: 'start',
    command: 'gunicorn',
    why: 'gunicorn runs it as Python, and its server hooks (on_starting, post_fork, when_ready) in the server, on `gunicorn`',
  },
  'sitecustomize.py': {
    trigger: 'start',
    command: 'python',
    why: "Python's site module imports it at every start of an interpreter whose path holds this folder",
  },
  'usercustomize.py': {
    trigger: 'start',
    command: 'python',
    why: "Python's site module imports it at every start of an interpreter whose path holds this folder",
  },
};

function byName(ctx: RuleContext, path: string): void {
  const spec = BY_NAME[baseName(path)];
  if (!spec) return;
  ctx.addSurface({
    trigger: spec.trigger,
    kind: 'python-entry',
    location: { file: path, line: 1 },
    entry: path,
    name: baseName(path),
    command: spec.command,
  });
  ctx.report({
    severity: 'info',
    message: `${path}: ${spec.why} (with every local module it imports).`,
    location: { file: path, line: 1 },
    runs: { trigger: spec.trigger, files: [path] },
  });
}

function conftest(ctx: RuleContext, path: string): void {
  ctx.addSurface({
    trigger: 'test',
    kind: 'pytest-conftest',
    location: { file: path, line: 1 },
    entry: path,
    name: 'conftest.py',
    command: 'pytest',
  });
  ctx.report({
    severity: 'info',
    message: `pytest runs ${path} (and every local module it imports) before any test, on \`pytest\`.`,
    location: { file: path, line: 1 },
    runs: { trigger: 'test', files: [path] },
  });
}

/** `-p name` options of an addopts value. */
function pluginsOf(addopts: string): string[] {
  const out: string[] = [];
  for (const m of addopts.matchAll(/(?:^|\s)-p\s*([\w.]+)/g)) if (m[1] && !m[1].startsWith('no:')) out.push(m[1]);
  return out;
}

function plugin(
  ctx: RuleContext,
  config: string,
  line: number,
  name: string,
  how = (entry: string): string => `loads the pytest plugin ${entry} from the repository on \`pytest\``,
): void {
  const dir = dirName(config);
  const entry = pythonSources(ctx).resolveModule([dir, dir === '' ? 'src' : `${dir}/src`], name);
  if (entry === undefined) return;
  ctx.addSurface({ trigger: 'test', kind: 'pytest-plugin', location: { file: config, line }, entry, name, command: 'pytest' });
  ctx.report({
    severity: 'info',
    message: `${config} ${how(entry)}.`,
    location: { file: config, line },
    runs: { trigger: 'test', files: [entry] },
  });
}

const PYTEST11 = (entry: string): string =>
  `registers ${entry} as a pytest11 plugin: once the package is installed, \`pytest\` imports it at every run`;

/** `name = module[:attr]` entry-point values: the module. */
function entryModule(value: string): string | undefined {
  const m = /^\s*(?:[\w.-]+\s*=\s*)?([A-Za-z_][\w.]*)\s*(?::[\w.]+)?\s*(?:\[[^\]]*\])?\s*$/.exec(value);
  return m?.[1];
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** pytest11 in `[project.entry-points.pytest11]` or Poetry's `[tool.poetry.plugins.pytest11]`. */
function pyprojectEntryPoints(ctx: RuleContext, path: string, text: string, doc: Record<string, unknown>): void {
  const project = doc['project'] as Record<string, unknown> | undefined;
  const poetry = (doc['tool'] as Record<string, unknown> | undefined)?.['poetry'] as Record<string, unknown> | undefined;
  for (const group of [
    (project?.['entry-points'] as Record<string, unknown> | undefined)?.['pytest11'],
    (poetry?.['plugins'] as Record<string, unknown> | undefined)?.['pytest11'],
  ]) {
    if (typeof group !== 'object' || group === null) continue;
    for (const value of Object.values(group as Record<string, unknown>)) {
      const mod = typeof value === 'string' ? entryModule(value) : undefined;
      if (mod) plugin(ctx, path, lineOf(text, value as string), mod, PYTEST11);
    }
  }
}

/** setup.cfg `[options.entry_points]` `pytest11 =` lines. */
function setupCfgEntryPoints(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined || !text.includes('pytest11')) return;
  const lines = text.split(/\r?\n/);
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) section = header[1]?.trim() ?? '';
    if (section !== 'options.entry_points' || !/^pytest11\s*=/.test(raw)) continue;
    const first = raw.replace(/^pytest11\s*=/, '');
    if (first.trim() !== '') {
      const mod = entryModule(first);
      if (mod) plugin(ctx, path, i + 1, mod, PYTEST11);
    }
    for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j] ?? ''); j++) {
      const mod = entryModule(lines[j] ?? '');
      if (mod) plugin(ctx, path, j + 1, mod, PYTEST11);
    }
  }
}

/** setup.py `entry_points={"pytest11": ["name = module"]}` (literal strings only). */
function setupPyEntryPoints(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined || !text.includes('pytest11')) return;
  for (const m of text.matchAll(/['"]pytest11['"]\s*:\s*[[(]([^\])]{0,4000})[\])]/g)) {
    for (const v of (m[1] ?? '').matchAll(/['"]([^'"\n]{1,300})['"]/g)) {
      const mod = v[1] !== undefined ? entryModule(v[1]) : undefined;
      if (mod) plugin(ctx, path, lineOf(text, v[0]), mod, PYTEST11);
    }
  }
}

/**
 * `FLASK_APP` in `.flaskenv` or `.env`: `flask run` imports that module or file (and calls
 * `create_app()` when it names one), from the folder the file is in.
 */
function flaskApp(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined || !text.includes('FLASK_APP')) return;
  for (const e of parseDotenv(text)) {
    if (e.key !== 'FLASK_APP') continue;
    const value = e.value.trim().replace(/^['"]|['"]$/g, '');
    const dir = dirName(path);
    const spec = value.split(':')[0] ?? '';
    let entry: string | undefined;
    if (/\.py$/.test(spec)) {
      const rel = (dir === '' ? '' : `${dir}/`) + spec.replace(/^\.\//, '');
      if (ctx.inventory.byPath.get(rel)?.type === 'file') entry = rel;
    } else if (/^[A-Za-z_][\w.]*$/.test(spec)) entry = pythonSources(ctx).resolveModule([dir, dir === '' ? 'src' : `${dir}/src`], spec);
    if (entry === undefined) continue;
    const location = { file: path, line: e.line };
    ctx.addSurface({ trigger: 'dev', kind: 'python-entry', location, entry, name: 'FLASK_APP', command: 'flask run' });
    ctx.report({
      severity: 'info',
      message: `${path} names ${entry} as FLASK_APP: \`flask run\` imports it (and every local module it imports).`,
      location,
      runs: { trigger: 'dev', files: [entry] },
    });
  }
}

/** pytest.ini `[pytest]`, tox.ini `[pytest]`, setup.cfg `[tool:pytest]`: the `addopts` line. */
function iniPlugins(ctx: RuleContext, path: string, section: string): void {
  const text = ctx.text(path);
  if (text === undefined) return;
  let current = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) current = header[1]?.trim() ?? '';
    else if (current === section) {
      const m = /^addopts\s*[=:]\s*(.*)$/.exec(raw);
      if (!m) continue;
      let value = m[1] ?? '';
      for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j] ?? ''); j++) value += ` ${(lines[j] ?? '').trim()}`;
      for (const p of pluginsOf(value)) plugin(ctx, path, i + 1, p);
    }
  }
}

function pyprojectPlugins(ctx: RuleContext, path: string): void {
  const text = ctx.text(path);
  if (text === undefined || !text.includes('pytest')) return;
  const read = readToml(text);
  if (!read.ok) return;
  if (text.includes('pytest11')) pyprojectEntryPoints(ctx, path, text, read.value);
  const tool = read.value['tool'] as Record<string, unknown> | undefined;
  const pytest = (tool?.['pytest'] as Record<string, unknown> | undefined)?.['ini_options'] as Record<string, unknown> | undefined;
  const addopts = pytest?.['addopts'];
  const value = typeof addopts === 'string' ? addopts : Array.isArray(addopts) ? addopts.filter(a => typeof a === 'string').join(' ') : '';
  const line = text.slice(0, Math.max(0, text.search(/^\s*addopts\s*=/m))).split('\n').length;
  for (const p of pluginsOf(value)) plugin(ctx, path, line, p);
}

export default defineRule({
  meta: {
    id: 'autorun/python-entry',
    severity: 'high',
    confidence: 'high',
    description:
      "Python code that runs when you start or test the project: `manage.py`, `app.py`, `main.py`, `wsgi.py`/`asgi.py` and the settings and modules they import (a Django app's apps.py, models.py, admin.py), `gunicorn.conf.py`, `sitecustomize.py`/`usercustomize.py`, `conftest.py`, pytest plugins named in pytest.ini, tox.ini, setup.cfg or pyproject.toml or registered as `pytest11` entry points, and the `FLASK_APP` of `.flaskenv`.",
    triggers: ['dev', 'start', 'test'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || NOT_OURS.test(f.path)) continue;
      const name = baseName(f.path);
      if (name === 'conftest.py') conftest(ctx, f.path);
      else if (name in ENTRIES) entryScript(ctx, f.path);
      else if (name in BY_NAME && !IN_TESTS.test(f.path)) byName(ctx, f.path);
      else if (name === 'pytest.ini' || name === 'tox.ini') iniPlugins(ctx, f.path, 'pytest');
      else if (name === 'setup.cfg') {
        iniPlugins(ctx, f.path, 'tool:pytest');
        setupCfgEntryPoints(ctx, f.path);
      } else if (name === 'pyproject.toml') pyprojectPlugins(ctx, f.path);
      else if (name === 'setup.py') setupPyEntryPoints(ctx, f.path);
      else if (name === '.flaskenv' || name === '.env') flaskApp(ctx, f.path);
    }
  },
});
