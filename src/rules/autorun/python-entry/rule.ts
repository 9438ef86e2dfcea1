import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { pythonSources } from '../../../analysis/py/facts.ts';
import { baseName, dirName } from '../../../fs/path.ts';
import { readToml } from '../../../lang/toml.ts';
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

function plugin(ctx: RuleContext, config: string, line: number, name: string): void {
  const dir = dirName(config);
  const entry = pythonSources(ctx).resolveModule([dir, dir === '' ? 'src' : `${dir}/src`], name);
  if (entry === undefined) return;
  ctx.addSurface({ trigger: 'test', kind: 'pytest-plugin', location: { file: config, line }, entry, name, command: 'pytest' });
  ctx.report({
    severity: 'info',
    message: `${config} loads the pytest plugin ${entry} from the repository on \`pytest\`.`,
    location: { file: config, line },
    runs: { trigger: 'test', files: [entry] },
  });
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
      "Python code that runs when you start or test the project: `manage.py`, `app.py`, `main.py`, `wsgi.py`/`asgi.py` and the settings and modules they import (a Django app's apps.py, models.py, admin.py), `gunicorn.conf.py`, `sitecustomize.py`/`usercustomize.py`, `conftest.py` and pytest plugins named in pytest.ini, tox.ini, setup.cfg or pyproject.toml.",
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
      else if (name === 'setup.cfg') iniPlugins(ctx, f.path, 'tool:pytest');
      else if (name === 'pyproject.toml') pyprojectPlugins(ctx, f.path);
    }
  },
});
