/**
 * Helpers the code rules share to speak to the user: which triggers run a file ("runs when you
 * run `npm run dev`: next.config.js → server/auth.js"), the chain of a taint as related
 * locations, and the endpoint a chain contacts.
 */
import { compareTriggers } from '../../core/triggers.ts';
import type { Location, Surface } from '../../core/types.ts';
import { isEndpoint } from './evaluate.ts';
import { hasKind } from './types.ts';
import type { SinkFact, Taint } from './types.ts';

/** What the user types to run a task runner's target or container surface, by surface kind. */
const INVOKE: Record<string, (name: string) => string> = {
  'make-target': n => `make ${n}`,
  'just-recipe': n => `just ${n}`,
  'taskfile-task': n => `task ${n}`,
  'mise-task': n => `mise run ${n}`,
  'compose-service': () => 'docker compose up',
  dockerfile: () => 'docker build',
};

/** The surface kind of one server route (autorun/framework-server): it covers its handler's lines only. */
export const ROUTE_SURFACE = 'server-route';

/** "GET /api/x", or "any path under /api" for middleware. */
export function requestName(method: string, path: string): string {
  if (method !== 'USE') return `${method} ${path}`;
  return path === '/' || path === '*' ? 'any path' : `any path under ${path}`;
}

/**
 * Whether a surface runs the code at `line` of `file`: every surface runs the whole of the files it
 * reaches, except a server route, which runs the lines of its handler when it is requested.
 */
export function surfaceCovers(s: Surface, file: string, line: number | undefined): boolean {
  if (s.kind !== ROUTE_SURFACE) return true;
  if (line === undefined || s.entry !== file) return false;
  const start = s.location.line ?? 0;
  return line >= start && line <= (s.location.endLine ?? start);
}

function action(s: Surface): string {
  const cmd = s.command?.trim();
  if (s.kind === ROUTE_SURFACE && s.name !== undefined) return `request ${s.name} after \`${cmd ?? 'npm run dev'}\``;
  const invoke = INVOKE[s.kind];
  if (invoke && s.name !== undefined) return `run \`${invoke(s.name.replace(/ \(.*\)$/, ''))}\``;
  if (s.kind === 'vscode-launch' || s.kind === 'vscode-launch-task') {
    // A launch task's surface is named "<task> (preLaunchTask of "<configuration>")".
    const config = s.kind === 'vscode-launch' ? s.name : /of "(.*)"\)$/.exec(s.name ?? '')?.[1];
    return `start debugging${config === undefined ? '' : ` with "${config}"`} in VS Code or Cursor`;
  }
  if (s.trigger === 'readme') return cmd && cmd.length <= 60 ? `run \`${cmd}\` as the README says` : "follow the README's instructions";
  switch (s.trigger) {
    case 'open':
      return 'open this folder in VS Code or Cursor';
    case 'install':
      return /^(?:python|pip)-/.test(s.kind) && cmd ? `run \`${cmd}\`` : 'run `npm install`';
    case 'commit':
      return 'commit';
    case 'shell':
      return s.kind === 'mise' ? 'enter the folder with mise activated' : 'enter the folder with direnv';
    case 'page-load':
      return 'open the app after `npm run dev`';
    case 'dev':
    case 'build':
    case 'start':
    case 'test':
    case 'lint': {
      if (s.kind === 'npm-script' && s.name)
        return s.name === 'start' || s.name === 'test' ? `run \`npm ${s.name}\`` : `run \`npm run ${s.name}\``;
      if (cmd && cmd.length <= 60) return `run \`${cmd}\``;
      return s.trigger === 'start' || s.trigger === 'test' ? `run \`npm ${s.trigger}\`` : `run \`npm run ${s.trigger}\``;
    }
    default:
      return `trigger ${String(s.trigger)}`;
  }
}

/**
 * "runs when you run `npm run dev`: next.config.js → server/auth.js", or undefined when nothing
 * reaches the file. With the line of the code: code inside a server route's handler "runs when
 * you request GET /api/x after `npm run dev`: server.js → routes/x.js".
 */
export function reachPhrase(surfaces: readonly Surface[], file: string, line?: number): string | undefined {
  const files = surfaces.filter(s => s.kind !== ROUTE_SURFACE);
  const routes = surfaces.filter(s => s.kind === ROUTE_SURFACE && surfaceCovers(s, file, line));
  if (files.length === 0 && routes.length === 0) return undefined;
  const sorted = [...files].sort((a, b) => compareTriggers(a.trigger, b.trigger));
  // Handler code runs on its request, not when the server loads its file.
  const pool = routes.length > 0 ? routes : sorted;
  const first = pool[0] as Surface;
  const via = routes.length > 0 ? sorted.find(s => s.entry !== undefined && s.entry !== file) : first;
  const chain = via?.entry && via.entry !== file ? `${via.entry} → ${file}` : file;
  const more = new Set(
    pool
      .slice(1)
      .map(action)
      .filter(a => a !== action(first)),
  );
  const also = more.size > 0 ? ` (also when you ${[...more].slice(0, 2).join(', ')})` : '';
  return `runs when you ${action(first)}: ${chain}${also}`;
}

/** Appends the reachability phrase to a message. */
export function withReach(message: string, surfaces: readonly Surface[], file: string, line?: number): string {
  const phrase = reachPhrase(surfaces, file, line);
  const base = message.replace(/\.$/, '');
  return phrase ? `${base}; it ${phrase}.` : `${base}.`;
}

export function relatedOf(t: Taint | undefined, self: Location): Location[] {
  if (!t) return [];
  const out: Location[] = [];
  for (const s of t.steps) {
    if (s.loc.file === self.file && s.loc.line === self.line) continue;
    if (!out.some(o => o.file === s.loc.file && o.line === s.loc.line)) out.push(s.loc);
  }
  return out;
}

export function endpointOf(t: Taint | undefined): string | undefined {
  return t?.values.find(v => isEndpoint(v));
}

export function chainText(t: Taint | undefined): string {
  return t ? t.steps.map(s => s.label).join(' → ') : '';
}

export function truncate(s: string, n = 300): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/**
 * Why a sink's input makes it run foreign code, or undefined: `remote` (network or blockchain
 * data), `file` (a data file), `hidden` (decoded text, recovered or not: a decoder feeding a
 * compiler is evidence in itself). `code/remote-code-execution` reports these sinks and
 * `code/dynamic-code` the rest, so every sink gets exactly one finding.
 */
export function foreignCodeCause(s: SinkFact, inNodeModules: boolean): 'remote' | 'file' | 'hidden' | undefined {
  const t = s.taint;
  const remote = hasKind(t, 'network', 'rpc');
  // Inside installed packages a computed require() is too common to pin on a network value.
  if (inNodeModules && s.kind === 'module-load' && s.value?.startsWith('data:') !== true) return undefined;
  if (COMMAND_SINKS.has(s.kind)) {
    if (remote && s.argvOnly !== true) return 'remote';
    // `node -e CODE`: the command line carries a program, judged as code passed to a compiler is.
    if (s.inlineCode !== true) {
      // A whole command decoded from text it never shows in the clear, which the evaluator could
      // not recover either: what runs is hidden by its own encoding (outside installed packages).
      const decoded = hasKind(t, 'decoded') || s.decoded;
      const recovered = s.value !== undefined && s.value.length >= 8;
      return decoded && !recovered && s.argvOnly !== true && !inNodeModules ? 'hidden' : undefined;
    }
    if (hasKind(t, 'file')) return 'file';
    return hasKind(t, 'decoded') || s.decoded ? 'hidden' : undefined;
  }
  if (!CODE_SINKS.has(s.kind)) return undefined;
  // A file this code wrote and then loads: what runs is what it wrote. Written from the network it
  // is `code/download-and-execute`'s (one finding per sink); decoded or read from elsewhere, it is hidden code.
  if (s.kind === 'module-load' && s.loadsWritten === true) {
    if (remote) return undefined;
    return hasKind(t, 'file') ? 'file' : hasKind(t, 'decoded') ? 'hidden' : undefined;
  }
  // A module load runs the code at the place its specifier names: foreign only when the specifier
  // is itself the code (a `data:` URL), or may be (an `import()` of text that is not a path).
  // `require` never loads a URL; a file path's code is on disk, where the rules read it.
  if (s.kind === 'module-load' && !specifierMayCarryCode(s)) return undefined;
  // Fetched WebAssembly runs only through the imports the repository's own glue gives it: it is
  // foreign code when the address is hidden or another host's, not a loader fetching its `.wasm`.
  if (s.kind === 'wasm' && remote && !hasKind(t, 'decoded', 'env', 'rpc') && endpointOf(t) === undefined) return undefined;
  if (remote) return 'remote';
  if (hasKind(t, 'file')) return 'file';
  const decoded = hasKind(t, 'decoded') || s.decoded;
  if (!decoded || s.kind === 'wasm') return undefined;
  if (s.kind === 'module-load') return s.value?.startsWith('data:') === true ? 'hidden' : undefined;
  const recovered = s.value !== undefined && s.value.length >= 8;
  // Outside installed packages an unrecovered decoded string run as code is hiding by itself.
  return recovered || !inNodeModules ? 'hidden' : undefined;
}

function specifierMayCarryCode(s: SinkFact): boolean {
  if (s.value?.startsWith('data:') === true) return true;
  if (s.callee !== 'import()' || s.pathSpecifier === true) return false;
  return s.value === undefined || !/^(?:\.{0,2}\/|file:|node:)/.test(s.value);
}

const CODE_SINKS = new Set<SinkFact['kind']>(['eval', 'function', 'vm', 'module-load', 'module-compile', 'timer', 'wasm', 'stdin-code']);
const COMMAND_SINKS = new Set<SinkFact['kind']>(['shell', 'spawn', 'fork']);
