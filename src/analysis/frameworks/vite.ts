/**
 * Vite SSR: a server (usually `server.js`, started by the dev script) loads the app's server
 * entry through `vite.ssrLoadModule('/src/entry-server.tsx')` (or a constant holding that path)
 * and renders each request with it, so the entry and what it imports run when the app is opened.
 * The entry `vite.config.*` names with `build.ssr`, or a script with `vite build --ssr <entry>`,
 * is that module too. A Vite app
 * without SSR runs its `src/` only in the browser: nothing of it is a server surface.
 *
 * Plugins: `vite.config.*` and the local files it imports run when the dev server starts
 * (autorun/tool-config). Their hooks are listed with their lines: `configureServer` runs at
 * server start, middleware it adds with `server.middlewares.use(...)` on every request, and
 * `transform`/`load`/`resolveId`/`transformIndexHtml` when the browser requests a module or a
 * page (and again while building). This holds for every framework built on Vite.
 */
import { baseName, dirName, joinRel } from '../../fs/path.ts';
import { dependsOn, filesUnder, isSource, join, lineFinder, localImports, resolveLocal, sourceFile } from './project.ts';
import type { AppRoot, ProjectView, ServerEntry, ServerTrigger } from './types.ts';

const FRAMEWORK = 'Vite SSR';
const SSR_LOAD = /\bssrLoadModule\s*\(\s*(?:(['"`])([^'"`\n]{1,300})\1|([A-Za-z_$][\w$]{0,100})\s*[,)])/g;
/** Frameworks that build on Vite and have their own model. */
const OWN_MODEL = ['@sveltejs/kit', 'astro', 'nuxt', '@remix-run/dev', '@react-router/dev', 'vitepress'];
const CONFIG = ['ts', 'js', 'mjs', 'mts', 'cjs', 'cts'].map(ext => `vite.config.${ext}`);
const SSR_OPTION = /\bssr\s*:\s*(['"`])([^'"`\n]{1,300})\1/g;
const SSR_SCRIPT = /\bvite\s+build\b[^&|;\n]{0,300}?\s--ssr(?:\s+|=)(['"]?)([^\s'"&|;]{1,300})\1/;
/** Plugin hooks, the triggers that call them and what they are. */
const HOOKS: Record<string, { triggers: readonly ServerTrigger[]; role: string }> = {
  configureServer: { triggers: ['dev'], role: 'configureServer hook' },
  configurePreviewServer: { triggers: ['start'], role: 'configurePreviewServer hook' },
  transform: { triggers: ['page-load', 'build'], role: 'transform hook (each module the browser requests)' },
  load: { triggers: ['page-load', 'build'], role: 'load hook (each module the browser requests)' },
  resolveId: { triggers: ['page-load', 'build'], role: 'resolveId hook (each module the browser requests)' },
  transformIndexHtml: { triggers: ['page-load', 'build'], role: 'transformIndexHtml hook (each page)' },
};
const HOOK =
  /\b(configureServer|configurePreviewServer|transformIndexHtml|transform|load|resolveId)\s*(?:\(|:\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>))/g;
const MIDDLEWARE = /\.middlewares\s*\.\s*use\s*\(/g;
const MAX_PLUGIN_FILES = 20;

/** The module a specifier names: `/src/x` from Vite's root (the app folder), `./x` from `base`. */
function target(project: ProjectView, app: AppRoot, base: string, spec: string): string | undefined {
  const joined = spec.startsWith('/') ? joinRel(app.dir, spec.slice(1)) : joinRel(base, spec);
  if (joined === undefined) return undefined;
  return project.isFile(joined) ? joined : sourceFile(project, dirName(joined), baseName(joined).replace(/\.[cm]?[jt]sx?$/, ''));
}

/**
 * The path a constant holds: `const entry = '/src/entry-server.tsx'`, or one built from the
 * file's folder (`path.resolve(__dirname, 'src/entry-server.ts')`, `new URL('./x', import.meta.url)`).
 */
function constantPath(text: string, name: string): { spec: string; fromRoot: boolean } | undefined {
  const decl = new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\s*=\\s*([^;\\n]{1,400})`).exec(text);
  const init = decl?.[1]?.trim();
  if (init === undefined) return undefined;
  const whole = /^(['"`])([^'"`\n]{1,300})\1$/.exec(init);
  if (whole?.[2] !== undefined) return { spec: whole[2], fromRoot: whole[2].startsWith('/') };
  if (!/__dirname|import\.meta\.(?:url|dirname)|process\.cwd\(\)/.test(init)) return undefined;
  const parts = [...init.matchAll(/(['"`])([^'"`\n]{1,300})\1/g)].map(m => m[2] ?? '');
  const last = parts[parts.length - 1];
  if (last === undefined) return undefined;
  const rel = last.replace(/^\/+/, '');
  return { spec: `./${rel}`, fromRoot: /process\.cwd\(\)/.test(init) };
}

function ssrEntries(project: ProjectView, app: AppRoot, config: string | undefined): ServerEntry[] {
  const out: ServerEntry[] = [];
  const seen = new Set<string>();
  const add = (file: string | undefined, role: string): void => {
    if (!file || seen.has(file)) return;
    seen.add(file);
    out.push({ framework: FRAMEWORK, root: app.dir, file, trigger: 'page-load', role, route: '/' });
  };
  for (const file of filesUnder(project, app.dir)) {
    if (!isSource(file) || file.includes('/node_modules/')) continue;
    const text = project.text(file);
    if (text === undefined || !text.includes('ssrLoadModule')) continue;
    const lineAt = lineFinder(text);
    for (const m of text.matchAll(SSR_LOAD)) {
      let spec = m[2];
      let base = dirName(file);
      if (spec === undefined && m[3] !== undefined) {
        const constant = constantPath(text, m[3]);
        if (constant === undefined) continue;
        spec = constant.spec;
        if (constant.fromRoot) base = app.dir;
      }
      if (spec !== undefined) add(target(project, app, base, spec), `entry (loaded by ${file}:${lineAt(m.index)})`);
    }
  }
  for (const [name, command] of app.scripts) {
    const spec = SSR_SCRIPT.exec(command)?.[2];
    if (spec !== undefined) add(target(project, app, app.dir, spec), `entry (named by the ${name} script)`);
  }
  const text = config === undefined ? undefined : project.text(config);
  if (config !== undefined && text !== undefined && /\bssr\b/.test(text)) {
    for (const m of text.matchAll(SSR_OPTION)) {
      const spec = m[2] ?? '';
      if (!/\.[cm]?[jt]sx?$/.test(spec)) continue;
      // build.ssr paths are relative to Vite's root (the config's folder).
      add(target(project, app, app.dir, spec), `entry (named in ${config})`);
    }
  }
  return out;
}

function pluginHooks(project: ProjectView, app: AppRoot, config: string): ServerEntry[] {
  const configText = project.text(config) ?? '';
  const files = [config];
  for (const { spec } of localImports(configText, MAX_PLUGIN_FILES)) {
    const file = resolveLocal(project, config, spec);
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  const out: ServerEntry[] = [];
  for (const file of files) {
    const text = project.text(file);
    if (text === undefined || !/configureServer|configurePreviewServer|transform|load|resolveId/.test(text)) continue;
    // A plugin is an object with a `name`; a helper module that happens to say `load(` is not one.
    if (file !== config && !/\bname\s*:/.test(text)) continue;
    const lineAt = lineFinder(text);
    const framework = 'Vite';
    for (const m of text.matchAll(HOOK)) {
      const hook = HOOKS[m[1] ?? ''];
      if (!hook) continue;
      for (const trigger of hook.triggers)
        out.push({ framework, root: app.dir, file, trigger, role: `plugin ${hook.role}`, line: lineAt(m.index) });
    }
    for (const m of text.matchAll(MIDDLEWARE))
      out.push({
        framework,
        root: app.dir,
        file,
        trigger: 'page-load',
        role: 'dev server middleware (every request)',
        line: lineAt(m.index),
      });
  }
  return out;
}

export function viteModel(project: ProjectView, app: AppRoot): ServerEntry[] {
  const config = CONFIG.map(name => join(app.dir, name)).find(path => project.isFile(path));
  if (!dependsOn(app, ['vite']) && config === undefined) return [];
  const out: ServerEntry[] = config === undefined ? [] : pluginHooks(project, app, config);
  if (dependsOn(app, ['vite']) && !dependsOn(app, OWN_MODEL)) out.push(...ssrEntries(project, app, config));
  return out;
}
