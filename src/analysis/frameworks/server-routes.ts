/**
 * The routes of an Express, Koa, Fastify or Hono server, read from its entry file and the local
 * files it mounts: `app.get('/api/x', handler)`, `app.route('/x').post(h)`, `fastify.route({...})`,
 * routers mounted with `app.use('/p', router)`, `app.route('/p', sub)` (Hono) or
 * `fastify.register(plugin, { prefix })`, and middleware added with `app.use(fn)`. Each route
 * names the lines of its handler: an inline function, a function of the same file, or one
 * imported from a local file. Bounded: at most `max` routes and MAX_FILES files per server.
 */
import { FUNCTION_TYPES, child, children, propName, strProp, unwrap, walkAst } from '../js/ast.ts';
import type { Node } from '../js/ast.ts';
import { parseJs } from '../../lang/js/parse.ts';
import { lineFinder, resolveLocal } from './project.ts';
import type { ProjectView } from './types.ts';

export interface RouteRow {
  /** `GET`, `POST`..., `ALL`, or `USE` for middleware that runs on every request under `path`. */
  method: string;
  path: string;
  /** Where the handler's code is: its file and lines. */
  file: string;
  line: number;
  endLine: number;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const SERVER_MODULES = new Set(['express', 'koa', 'koa-router', '@koa/router', 'fastify', 'hono', 'express-promise-router']);
/** Receivers that are a server or router by their name, when where they come from is not seen. */
const SERVER_NAME = /^(?:app|server|api|fastify|instance|routes?|[A-Za-z]*[Rr]outer|[A-Za-z]*[Aa]pp)$/;
const MAX_FILES = 30;
const MAX_FILE_BYTES = 512 * 1024;
const LIKELY = /\.(?:get|post|put|patch|delete|del|all|use|route|register)\s*\(/;

interface Binding {
  /** Root-relative file of a local import. */
  file?: string;
  /** The imported name: `default`, `*` (namespace or whole CommonJS module) or a named export. */
  name: string;
  /** From a server framework package. */
  server?: boolean;
}

interface ParsedFile {
  text: string;
  program: Node;
  lineAt: (offset: number) => number;
  /** Top-level bindings of imports and requires. */
  imports: Map<string, Binding>;
  /** Functions declared at the top level (function declarations and `const f = () => {}`). */
  functions: Map<string, Node>;
  /** Identifiers bound to a server or router made in this file, with the prefix it was given. */
  servers: Map<string, string>;
}

interface Walk {
  project: ProjectView;
  max: number;
  rows: RouteRow[];
  seen: Set<string>;
  parsed: Map<string, ParsedFile | undefined>;
  cut: boolean;
}

function literal(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  if (u.type === 'Literal' && typeof u['value'] === 'string') return u['value'];
  if (u.type === 'TemplateLiteral' && children(u, 'expressions').length === 0) {
    const cooked = (children(u, 'quasis')[0]?.['value'] as { cooked?: unknown } | undefined)?.cooked;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  return undefined;
}

/** `require('x')` → 'x'. */
function requireOf(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  if (u.type !== 'CallExpression') return undefined;
  const callee = child(u, 'callee');
  if (callee?.type !== 'Identifier' || strProp(callee, 'name') !== 'require') return undefined;
  return literal(children(u, 'arguments')[0]);
}

function joinPath(prefix: string, path: string): string {
  if (path === '*' || path === '/*') return prefix === '' ? '*' : `${prefix}/*`;
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : '/';
}

function parseFile(walk: Walk, file: string): ParsedFile | undefined {
  if (walk.parsed.has(file)) return walk.parsed.get(file);
  let out: ParsedFile | undefined;
  const text = walk.project.text(file);
  if (text !== undefined && text.length <= MAX_FILE_BYTES) {
    try {
      const parsed = walk.project.parse ? walk.project.parse(file, text) : parseJs(file, text);
      if (!parsed.broken || parsed.result.program.body.length > 0)
        out = tables(walk.project, file, text, parsed.result.program as unknown as Node);
    } catch {
      // Unparseable or nested too deeply: its routes are not listed (the code rules report the file).
    }
  }
  walk.parsed.set(file, out);
  return out;
}

function tables(project: ProjectView, file: string, text: string, program: Node): ParsedFile {
  const imports = new Map<string, Binding>();
  const functions = new Map<string, Node>();
  const servers = new Map<string, string>();
  const bind = (spec: string, local: string, name: string): void => {
    if (spec.startsWith('.')) {
      const target = resolveLocal(project, file, spec);
      imports.set(local, target === undefined ? { name } : { file: target, name });
    } else if (SERVER_MODULES.has(spec)) {
      imports.set(local, { name, server: true });
    }
  };
  for (const stmt of children(program, 'body')) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? (child(stmt, 'declaration') ?? stmt) : stmt;
    if (decl.type === 'ImportDeclaration') {
      const spec = literal(child(decl, 'source'));
      if (spec === undefined) continue;
      for (const s of children(decl, 'specifiers')) {
        const local = strProp(child(s, 'local') ?? s, 'name');
        if (local === undefined) continue;
        const name =
          s.type === 'ImportDefaultSpecifier'
            ? 'default'
            : s.type === 'ImportNamespaceSpecifier'
              ? '*'
              : (propName({ type: 'MemberExpression', start: 0, end: 0, property: child(s, 'imported') }) ?? local);
        bind(spec, local, name);
      }
    } else if (decl.type === 'FunctionDeclaration') {
      const name = strProp(child(decl, 'id') ?? decl, 'name');
      if (name !== undefined) functions.set(name, decl);
    } else if (decl.type === 'VariableDeclaration') {
      for (const d of children(decl, 'declarations')) {
        const id = child(d, 'id');
        const init = child(d, 'init');
        if (!id || !init) continue;
        const spec = requireOf(init);
        if (spec !== undefined && id.type === 'Identifier') {
          bind(spec, strProp(id, 'name') ?? '', '*');
        } else if (spec !== undefined && id.type === 'ObjectPattern') {
          for (const p of children(id, 'properties')) {
            const key = propName({ type: 'MemberExpression', start: 0, end: 0, property: child(p, 'key'), computed: p['computed'] });
            const value = child(p, 'value');
            if (key !== undefined && value?.type === 'Identifier') bind(spec, strProp(value, 'name') ?? '', key);
          }
        } else if (id.type === 'Identifier') {
          const name = strProp(id, 'name') ?? '';
          const value = unwrap(init);
          if (FUNCTION_TYPES.has(value.type)) functions.set(name, value);
          const prefix = serverMade(value, imports);
          if (prefix !== undefined) servers.set(name, prefix);
        }
      }
    }
  }
  return { text, program, lineAt: lineFinder(text), imports, functions, servers };
}

/**
 * The prefix of a server or router made by `init` (`express()`, `express.Router()`,
 * `new Router({ prefix: '/api' })`, `new Hono()`, `Fastify()`), or undefined when it is not one.
 */
function serverMade(init: Node, imports: ReadonlyMap<string, Binding>): string | undefined {
  if (init.type !== 'CallExpression' && init.type !== 'NewExpression') return undefined;
  const callee = unwrap(child(init, 'callee') ?? init);
  const root = callee.type === 'MemberExpression' ? unwrap(child(callee, 'object') ?? callee) : callee;
  if (root.type !== 'Identifier' || imports.get(strProp(root, 'name') ?? '')?.server !== true) return undefined;
  const options = children(init, 'arguments')[0];
  if (options?.type === 'ObjectExpression') {
    for (const p of children(options, 'properties')) {
      if (propName({ type: 'MemberExpression', start: 0, end: 0, property: child(p, 'key') }) === 'prefix')
        return literal(child(p, 'value')) ?? '';
    }
  }
  return '';
}

function isServerReceiver(n: Node | undefined, f: ParsedFile): boolean {
  if (!n) return false;
  const u = unwrap(n);
  if (u.type !== 'Identifier') return false;
  const name = strProp(u, 'name') ?? '';
  return f.servers.has(name) || SERVER_NAME.test(name);
}

/** Where the code of a handler argument is: an inline function, a local one, or an imported one. */
function handlerSpan(
  walk: Walk,
  file: string,
  f: ParsedFile,
  arg: Node,
  depth = 0,
): { file: string; start: number; end: number } | undefined {
  const u = unwrap(arg);
  if (FUNCTION_TYPES.has(u.type)) return { file, start: u.start, end: u.end };
  // `asyncHandler(async (req, res) => {...})`: the function it wraps.
  if (u.type === 'CallExpression' && depth < 3) {
    const args = children(u, 'arguments');
    const last = args[args.length - 1];
    return last ? handlerSpan(walk, file, f, last, depth + 1) : undefined;
  }
  let local: string | undefined;
  let member: string | undefined;
  if (u.type === 'Identifier') local = strProp(u, 'name');
  else if (u.type === 'MemberExpression') {
    const obj = unwrap(child(u, 'object') ?? u);
    if (obj.type === 'Identifier') {
      local = strProp(obj, 'name');
      member = propName(u);
    }
  }
  if (local === undefined) return undefined;
  if (member === undefined) {
    const fn = f.functions.get(local);
    if (fn) return { file, start: fn.start, end: fn.end };
  }
  const binding = f.imports.get(local);
  if (binding?.file === undefined || depth >= 3) return undefined;
  const name = member !== undefined && binding.name === '*' ? member : binding.name;
  const target = parseFile(walk, binding.file);
  const fn = target ? exportedFunction(target, name) : undefined;
  return fn ? { file: binding.file, start: fn.start, end: fn.end } : undefined;
}

/** The function a module exports under `name` (`default` and `*` for the module's own export). */
function exportedFunction(f: ParsedFile, name: string): Node | undefined {
  const named = name !== 'default' && name !== '*' ? f.functions.get(name) : undefined;
  if (named) return named;
  for (const stmt of children(f.program, 'body')) {
    if (stmt.type === 'ExportDefaultDeclaration' && (name === 'default' || name === '*')) {
      const d = unwrap(child(stmt, 'declaration') ?? stmt);
      if (FUNCTION_TYPES.has(d.type)) return d;
      if (d.type === 'Identifier') return f.functions.get(strProp(d, 'name') ?? '');
    }
    // exports.name = fn, module.exports.name = fn, module.exports = fn
    const e = stmt.type === 'ExpressionStatement' ? unwrap(child(stmt, 'expression') ?? stmt) : undefined;
    if (e?.type !== 'AssignmentExpression') continue;
    const left = unwrap(child(e, 'left') ?? e);
    const right = unwrap(child(e, 'right') ?? e);
    if (left.type !== 'MemberExpression') continue;
    const obj = unwrap(child(left, 'object') ?? left);
    const prop = propName(left);
    const wholeModule = prop === 'exports' && obj.type === 'Identifier' && strProp(obj, 'name') === 'module';
    const target = wholeModule ? '*' : prop;
    const fn = FUNCTION_TYPES.has(right.type)
      ? right
      : right.type === 'Identifier'
        ? f.functions.get(strProp(right, 'name') ?? '')
        : undefined;
    if (fn && (target === name || (wholeModule && name === 'default'))) return fn;
  }
  return undefined;
}

/** The local file a mounted router argument comes from: `require('./r')`, an imported binding, `r.routes()`. */
function mountedFile(f: ParsedFile, arg: Node): string | undefined {
  let u = unwrap(arg);
  // Koa: router.routes(), router.middleware()
  if (u.type === 'CallExpression' && requireOf(u) === undefined) {
    const callee = unwrap(child(u, 'callee') ?? u);
    if (callee.type === 'MemberExpression') u = unwrap(child(callee, 'object') ?? callee);
  }
  const spec = requireOf(u);
  if (spec !== undefined) return undefined;
  if (u.type === 'Identifier') return f.imports.get(strProp(u, 'name') ?? '')?.file;
  return undefined;
}

function requiredFile(walk: Walk, file: string, arg: Node): string | undefined {
  const spec = requireOf(arg);
  return spec?.startsWith('.') === true ? resolveLocal(walk.project, file, spec) : undefined;
}

function addRow(walk: Walk, f: ParsedFile, file: string, method: string, path: string, handler: Node | undefined, call: Node): void {
  if (walk.rows.length >= walk.max) {
    walk.cut = true;
    return;
  }
  const span = handler ? handlerSpan(walk, file, f, handler) : undefined;
  const where = span ?? { file, start: call.start, end: call.end };
  const at = where.file === file ? f : parseFile(walk, where.file);
  if (!at) return;
  walk.rows.push({
    method,
    path,
    file: where.file,
    line: at.lineAt(where.start),
    endLine: at.lineAt(Math.max(where.start, where.end - 1)),
  });
}

function visitFile(walk: Walk, file: string, prefix: string): void {
  const key = `${file}\u0000${prefix}`;
  if (walk.seen.has(key)) return;
  if (walk.seen.size >= MAX_FILES) {
    walk.cut = true;
    return;
  }
  walk.seen.add(key);
  const text = walk.project.text(file);
  if (text === undefined || !LIKELY.test(text)) return;
  const f = parseFile(walk, file);
  if (!f) return;
  // Routers made in this file and mounted in it: `api.get('/x')` ... `app.use('/api', api)`.
  const localPrefix = new Map<string, string>();
  const mounts: { file: string; prefix: string }[] = [];
  const calls: Node[] = [];
  walkAst(f.program, node => {
    if (node.type === 'CallExpression') calls.push(node);
    return false;
  });
  const receiverPrefix = (recv: Node | undefined): string => {
    const name = recv && unwrap(recv).type === 'Identifier' ? (strProp(unwrap(recv), 'name') ?? '') : '';
    return prefix + (localPrefix.get(name) ?? '') + (f.servers.get(name) ?? '');
  };
  for (const call of calls) {
    const callee = unwrap(child(call, 'callee') ?? call);
    if (callee.type !== 'MemberExpression') continue;
    const method = propName(callee);
    const recv = child(callee, 'object');
    const args = children(call, 'arguments');
    if (!isServerReceiver(recv, f)) continue;
    const mountPrefix = method === 'use' || (method === 'route' && args.length >= 2) ? (literal(args[0]) ?? '') : undefined;
    if (mountPrefix !== undefined) {
      for (const arg of args.slice(literal(args[0]) !== undefined ? 1 : 0)) {
        const u = unwrap(arg);
        const target = requiredFile(walk, file, u) ?? mountedFile(f, u);
        if (target !== undefined) mounts.push({ file: target, prefix: mountPrefix });
        else if (u.type === 'Identifier' && (f.servers.has(strProp(u, 'name') ?? '') || SERVER_NAME.test(strProp(u, 'name') ?? '')))
          localPrefix.set(strProp(u, 'name') ?? '', mountPrefix);
      }
    } else if (method === 'register') {
      const options = args[1] ? unwrap(args[1]) : undefined;
      let p = '';
      for (const prop of options?.type === 'ObjectExpression' ? children(options, 'properties') : [])
        if (propName({ type: 'MemberExpression', start: 0, end: 0, property: child(prop, 'key') }) === 'prefix')
          p = literal(child(prop, 'value')) ?? '';
      const target = args[0] ? (requiredFile(walk, file, unwrap(args[0])) ?? mountedFile(f, args[0])) : undefined;
      if (target !== undefined) mounts.push({ file: target, prefix: p });
    }
  }
  for (const call of calls) {
    const callee = unwrap(child(call, 'callee') ?? call);
    if (callee.type !== 'MemberExpression') continue;
    const method = propName(callee) ?? '';
    const recv = child(callee, 'object');
    const args = children(call, 'arguments');
    const path = literal(args[0]);
    const last = args[args.length - 1];
    if (
      METHODS.has(method) &&
      path !== undefined &&
      args.length >= 2 &&
      isServerReceiver(recv, f) &&
      (path.startsWith('/') || path === '*')
    ) {
      addRow(walk, f, file, method === 'del' ? 'DELETE' : method.toUpperCase(), joinPath(receiverPrefix(recv), path), last, call);
    } else if (METHODS.has(method) && path === undefined && last && recv && unwrap(recv).type === 'CallExpression') {
      // app.route('/x').get(h).post(h2)
      let inner: Node | undefined = unwrap(recv);
      for (let i = 0; i < 10 && inner?.type === 'CallExpression'; i++) {
        const c = unwrap(child(inner, 'callee') ?? inner);
        if (c.type !== 'MemberExpression') break;
        if (propName(c) === 'route' && isServerReceiver(child(c, 'object'), f)) {
          const p = literal(children(inner, 'arguments')[0]);
          if (p !== undefined) addRow(walk, f, file, method.toUpperCase(), joinPath(receiverPrefix(child(c, 'object')), p), last, call);
          break;
        }
        inner = child(c, 'object') ? unwrap(child(c, 'object') as Node) : undefined;
      }
    } else if (
      method === 'route' &&
      args.length === 1 &&
      args[0] &&
      unwrap(args[0]).type === 'ObjectExpression' &&
      isServerReceiver(recv, f)
    ) {
      // fastify.route({ method: 'GET', url: '/x', handler })
      let m: string | undefined;
      let url: string | undefined;
      let handler: Node | undefined;
      for (const prop of children(unwrap(args[0]), 'properties')) {
        const key = propName({ type: 'MemberExpression', start: 0, end: 0, property: child(prop, 'key') });
        const value = child(prop, 'value');
        if (key === 'method')
          m = literal(value) ?? (value?.type === 'ArrayExpression' ? literal(children(value, 'elements')[0]) : undefined);
        else if (key === 'url' || key === 'path') url = literal(value);
        else if (key === 'handler') handler = value;
      }
      if (url !== undefined) addRow(walk, f, file, (m ?? 'GET').toUpperCase(), joinPath(receiverPrefix(recv), url), handler, call);
    } else if (method === 'use' && last && isServerReceiver(recv, f)) {
      // Middleware written here runs on every request under its path.
      const u = unwrap(last);
      if (FUNCTION_TYPES.has(u.type) || (u.type === 'Identifier' && f.functions.has(strProp(u, 'name') ?? ''))) {
        addRow(walk, f, file, 'USE', joinPath(receiverPrefix(recv), path ?? '/'), last, call);
      }
    }
  }
  for (const m of mounts) visitFile(walk, m.file, joinPath(prefix, m.prefix === '' ? '/' : m.prefix).replace(/^\/$/, ''));
}

/** The routes a server entry defines (at most `max`), and whether some were left out. */
export function serverRoutes(project: ProjectView, entry: string, max: number): { routes: RouteRow[]; cut: boolean } {
  const walk: Walk = { project, max, rows: [], seen: new Set(), parsed: new Map(), cut: false };
  visitFile(walk, entry, '');
  return { routes: walk.rows, cut: walk.cut };
}
