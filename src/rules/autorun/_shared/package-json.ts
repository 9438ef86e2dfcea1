/**
 * Reads the parts of a package.json that decide what runs (scripts, main, bin) with their lines.
 * A token scanner (jsonc-parser's, iterative) walks the file, so deep nesting cannot overflow the
 * stack and a malformed file still yields every script written before and after the error.
 * Duplicate keys resolve like JSON.parse: the last one wins. `strict` says whether npm itself
 * would accept the file (UTF-8, JSON.parse after stripping a BOM).
 */
import { jsonTokenizer as createScanner } from '../../../lang/jsonc.ts';
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { errorMessage } from '../../../core/errors.ts';

export interface JsonString {
  value: string;
  /** 1-based line of the key. */
  line: number;
}

export interface PackageJson {
  path: string;
  /** Folder of the package, root-relative ('' for the root). */
  dir: string;
  scripts: Map<string, JsonString>;
  main?: JsonString;
  /** Command name → file (a string `bin` is named after the package). */
  bin: Map<string, JsonString>;
  name?: string;
  /** Why npm would reject the file, when it would. */
  rejected?: string;
}

// jsonc-parser SyntaxKind values (a const enum, which isolatedModules cannot import).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COLON = 6;
const STRING = 10;
const EOF = 17;
const MAX_TOKENS = 2_000_000;

const packageJsonFile = defineFactFamily('package-json', (ctx, path: string): PackageJson | undefined => {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const pkg = scanPackageJson(text, path, dir);
  const encoding = ctx.inventory.byPath.get(path)?.encoding;
  if (encoding === 'utf16le' || encoding === 'utf16be') {
    pkg.rejected = 'npm reads package.json as UTF-8 and cannot parse this UTF-16 file';
  } else {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      pkg.rejected = `it is not valid JSON (${errorMessage(err)})`;
    }
  }
  return pkg;
});

export function readPackageJson(ctx: RuleContext, path: string): PackageJson | undefined {
  return ctx.facts.get(packageJsonFile, path);
}

/** The token walk; exported for tests. */
export function scanPackageJson(text: string, path: string, dir: string): PackageJson {
  const pkg: PackageJson = { path, dir, scripts: new Map(), bin: new Map() };
  const scanner = createScanner(text.replace(/^\uFEFF/, ' '), true);
  // Path of keys from the top object: depth 1 = top-level members.
  const stack: { kind: 'object' | 'array'; key?: string }[] = [];
  let pendingKey: { key: string; line: number } | undefined;
  let lastString: { value: string; line: number } | undefined;
  let expectValue = false;
  let binIsString: JsonString | undefined;
  for (let n = 0; n < MAX_TOKENS; n++) {
    const token: number = scanner.scan();
    if (token === EOF) break;
    const top = stack[stack.length - 1];
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      const key = expectValue ? pendingKey?.key : undefined;
      const kind = token === OPEN_BRACE ? 'object' : 'array';
      stack.push(key === undefined ? { kind } : { kind, key });
      if (stack.length === 2 && key === 'scripts' && kind === 'object') pkg.scripts = new Map();
      if (stack.length === 2 && key === 'bin' && kind === 'object') {
        pkg.bin = new Map();
        binIsString = undefined;
      }
      expectValue = false;
      pendingKey = undefined;
      continue;
    }
    if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      stack.pop();
      expectValue = false;
      pendingKey = undefined;
      continue;
    }
    if (token === COLON) {
      if (lastString && top?.kind === 'object') {
        pendingKey = { key: lastString.value, line: lastString.line };
        expectValue = true;
      }
      lastString = undefined;
      continue;
    }
    if (token === STRING) {
      const s = { value: scanner.getTokenValue(), line: scanner.getTokenStartLine() + 1 };
      if (expectValue && pendingKey) {
        record(pkg, stack, pendingKey, s.value);
        if (stack.length === 1 && pendingKey.key === 'bin') binIsString = { value: s.value, line: pendingKey.line };
        expectValue = false;
        pendingKey = undefined;
      } else {
        lastString = s;
      }
      continue;
    }
    // Numbers, literals, commas, unknown characters: a value (if one was expected) that is not a string.
    if (expectValue && pendingKey && stack.length === 1 && pendingKey.key === 'scripts') pkg.scripts = new Map();
    expectValue = false;
    pendingKey = undefined;
    lastString = undefined;
  }
  if (binIsString) {
    const name = pkg.name?.replace(/^@[^/]+\//, '') ?? '';
    pkg.bin = new Map([[name, binIsString]]);
  }
  return pkg;
}

function record(pkg: PackageJson, stack: { kind: string; key?: string }[], key: { key: string; line: number }, value: string): void {
  const entry = { value, line: key.line };
  if (stack.length === 1) {
    if (key.key === 'main') pkg.main = entry;
    else if (key.key === 'name') pkg.name = value;
    else if (key.key === 'scripts') pkg.scripts = new Map();
    return;
  }
  const parent = stack[1];
  if (stack.length === 2 && parent?.kind === 'object') {
    if (parent.key === 'scripts') pkg.scripts.set(key.key, entry);
    else if (parent.key === 'bin') pkg.bin.set(key.key, entry);
  }
}
