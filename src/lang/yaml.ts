/**
 * YAML (pnpm lockfiles and workspace files, Yarn Berry settings, lefthook, lint-staged, gh hosts)
 * read with the `yaml` package behind three caps: size, nesting (checked on the text before the
 * parser sees it: the parser's time grows with the square of the depth, and it recurses) and
 * aliases (counted on the document before they are expanded: billion laughs). Errors are never
 * pretty-printed: the parser's pretty printer builds a regular expression as long as the line.
 */
import type * as Yaml from 'yaml';
import { LIMITS } from '../core/limits.ts';
import { lazyRequire } from '../core/lazy-require.ts';
import { failure, isStackOverflow, tooDeep, tooLarge } from './read-result.ts';
import type { ReadFailure, ReadResult } from './read-result.ts';

const yaml = lazyRequire('yaml') as () => typeof Yaml;

export interface YamlOptions {
  /** Refuse repeated keys, as js-yaml (Yarn, pnpm) does; default false: the last one wins. */
  uniqueKeys?: boolean;
  maxChars?: number;
  maxDepth?: number;
  maxAliases?: number;
  /**
   * Read `<<` merge keys (YAML 1.1, which Docker Compose and go-task use): the mapping takes the
   * keys of the merged ones it does not set itself. Aliases are counted before they are expanded.
   */
  merge?: boolean;
}

export interface YamlDocument {
  /** The plain value (objects, arrays, scalars). */
  value: unknown;
  /** Line (1-based) of each top-level key of a mapping, last occurrence. */
  topLevelKeyLines: Map<string, number>;
  /** The first error the parser reported; the value is what it could read despite it. */
  error?: ReadFailure;
  /**
   * Line (1-based) of the node at a path of keys and indexes, or of its nearest ancestor the
   * document spells out (a key that comes from a merge or an alias has its parent's line).
   */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** The value of a YAML document; any syntax error makes the whole read fail. */
export function readYaml(text: string, options: YamlOptions = {}): ReadResult<unknown> {
  const doc = readYamlDocument(text, options);
  if (!doc.ok) return doc;
  if (doc.value.error) return { ok: false, error: doc.value.error };
  return { ok: true, value: doc.value.value };
}

/**
 * A tolerant read: the value the parser could build, with its first error, as editors and tools
 * that keep going after an error see it. Fails only on the caps.
 */
export function readYamlDocument(text: string, options: YamlOptions = {}): ReadResult<YamlDocument> {
  const maxChars = options.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = options.maxDepth ?? LIMITS.read.maxYamlDepth;
  const maxAliases = options.maxAliases ?? LIMITS.read.maxYamlAliases;
  if (text.length > maxChars) return tooLarge('YAML', text.length, maxChars);
  if (yamlNestingExceeds(text, maxDepth)) return tooDeep('YAML', maxDepth);
  const Y = yaml();
  try {
    const lc = new Y.LineCounter();
    const doc = Y.parseDocument(text, {
      uniqueKeys: options.uniqueKeys === true,
      lineCounter: lc,
      prettyErrors: false,
      merge: options.merge === true,
      // Warnings about the input (a key that is a mapping, `{{ placeholder }}: x`) are not ours to print.
      logLevel: 'error',
    });
    let aliases = 0;
    Y.visit(doc, {
      Alias() {
        aliases++;
        return aliases > maxAliases ? Y.visit.BREAK : undefined;
      },
    });
    if (aliases > maxAliases) return failure('aliases', `YAML with more than ${maxAliases} aliases`);
    const topLevelKeyLines = new Map<string, number>();
    if (Y.isMap(doc.contents)) {
      for (const pair of doc.contents.items) {
        const key = pair.key;
        if (Y.isScalar(key)) topLevelKeyLines.set(String(key.value), lc.linePos(key.range[0]).line);
      }
    }
    // Keys of each mapping indexed on first use: a lookup per key would make a line per service
    // of a 40,000-service Compose file quadratic.
    const keyIndex = new WeakMap<object, Map<string, Yaml.Pair>>();
    const pairOf = (map: Yaml.YAMLMap, key: string): Yaml.Pair | undefined => {
      let index = keyIndex.get(map);
      if (index === undefined) {
        index = new Map();
        for (const p of map.items) {
          const k = Y.isScalar(p.key) ? String(p.key.value) : undefined;
          if (k !== undefined && !index.has(k)) index.set(k, p);
        }
        keyIndex.set(map, index);
      }
      return index.get(key);
    };
    const lineOf = (path: readonly (string | number)[]): number | undefined => {
      const parents: unknown[] = [doc.contents];
      for (let i = 0; i < path.length - 1; i++) {
        const node = parents[i];
        const seg = path[i];
        if (Y.isMap(node)) parents.push(pairOf(node, String(seg))?.value);
        else if (Y.isSeq(node) && typeof seg === 'number') parents.push(node.items[seg]);
        else parents.push(undefined);
      }
      for (let n = path.length; n > 0; n--) {
        const parent = parents[n - 1];
        const last = path[n - 1];
        let node: unknown;
        if (Y.isMap(parent)) node = pairOf(parent, String(last))?.key;
        else if (Y.isSeq(parent) && typeof last === 'number') node = parent.items[last];
        const range = Y.isNode(node) ? node.range : undefined;
        if (range) return lc.linePos(range[0]).line;
      }
      return undefined;
    };
    const out: YamlDocument = { value: doc.toJS({ maxAliasCount: maxAliases }) as unknown, topLevelKeyLines, lineOf };
    const first = doc.errors[0];
    if (first) {
      const at = lc.linePos(first.pos[0]);
      if (isStackOverflow(first)) return tooDeep('YAML', maxDepth);
      out.error = { kind: 'syntax', message: `not valid YAML (${first.message.split('\n')[0] ?? ''})`, line: at.line, column: at.col };
    }
    return { ok: true, value: out };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('YAML', maxDepth);
    const message = err instanceof Error ? err.message : String(err);
    if (/Excessive alias/i.test(message)) return failure('aliases', `YAML aliases expand to more than ${maxAliases} nodes`);
    return failure('syntax', `not valid YAML (${message})`);
  }
}

/**
 * Every document of a YAML stream (pnpm 10 writes two in one lockfile), under the same caps, the
 * aliases counted over all of them; any syntax error in any document fails the read.
 */
export function readYamlDocuments(text: string, options: YamlOptions = {}): ReadResult<unknown[]> {
  const maxChars = options.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = options.maxDepth ?? LIMITS.read.maxYamlDepth;
  const maxAliases = options.maxAliases ?? LIMITS.read.maxYamlAliases;
  if (text.length > maxChars) return tooLarge('YAML', text.length, maxChars);
  if (yamlNestingExceeds(text, maxDepth)) return tooDeep('YAML', maxDepth);
  const Y = yaml();
  try {
    const lc = new Y.LineCounter();
    const parsed = Y.parseAllDocuments(text, {
      uniqueKeys: options.uniqueKeys === true,
      lineCounter: lc,
      prettyErrors: false,
      logLevel: 'error',
    });
    // An empty stream is not an array of documents.
    const docs = Array.isArray(parsed) ? parsed : [];
    let aliases = 0;
    for (const doc of docs) {
      Y.visit(doc, {
        Alias() {
          aliases++;
          return aliases > maxAliases ? Y.visit.BREAK : undefined;
        },
      });
      if (aliases > maxAliases) return failure('aliases', `YAML with more than ${maxAliases} aliases`);
    }
    const values: unknown[] = [];
    for (const doc of docs) {
      const first = doc.errors[0];
      if (first) {
        if (isStackOverflow(first)) return tooDeep('YAML', maxDepth);
        const at = lc.linePos(first.pos[0]);
        return failure('syntax', `not valid YAML (${first.message.split('\n')[0] ?? ''})`, { line: at.line, column: at.col });
      }
      values.push(doc.toJS({ maxAliasCount: maxAliases }) as unknown);
    }
    return { ok: true, value: values };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('YAML', maxDepth);
    const message = err instanceof Error ? err.message : String(err);
    if (/Excessive alias/i.test(message)) return failure('aliases', `YAML aliases expand to more than ${maxAliases} nodes`);
    return failure('syntax', `not valid YAML (${message})`);
  }
}

const SPACE = 0x20;

/**
 * An upper bound of the document's nesting, from the text alone, in one pass: per line, its
 * indentation plus the compact `- `/`? ` indicators that open it, plus the brackets of flow
 * collections open at that point. Block scalar content (`|`, `>`) and comments are skipped; quotes
 * are honoured where a scalar may start. Over-counting is possible on odd files, never missing depth.
 */
export function yamlNestingExceeds(text: string, max: number): boolean {
  const n = text.length;
  let flow = 0;
  /** Indentation of the line that opened a block scalar, or -1. */
  let scalarIndent = -1;
  let i = 0;
  while (i < n) {
    let indent = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      indent++;
      i++;
    }
    const eol = text.indexOf('\n', i);
    const end = eol < 0 ? n : eol;
    if (scalarIndent >= 0) {
      if (i >= end || indent > scalarIndent) {
        i = end + 1;
        continue;
      }
      scalarIndent = -1;
    }
    let levels = indent;
    // Compact indicators: "- - - x", "? - x".
    while (i + 1 < end && (text.charCodeAt(i) === 0x2d || text.charCodeAt(i) === 0x3f) && text.charCodeAt(i + 1) === SPACE) {
      levels++;
      i += 2;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
    }
    if (levels + flow > max) return true;
    let valueStart = true;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === 0x09) continue;
      if (c === 0x23 /* # */ && (i === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === 0x09)) break;
      if (valueStart && (c === 0x22 || c === 0x27)) {
        // A quoted scalar: skip to its closing quote on this line ('' and \" escape).
        let j = i + 1;
        for (; j < end; j++) {
          const d = text.charCodeAt(j);
          if (c === 0x22 && d === 0x5c) j++;
          else if (d === c) {
            if (c === 0x27 && text.charCodeAt(j + 1) === 0x27) j++;
            else break;
          }
        }
        i = j;
        valueStart = false;
        continue;
      }
      if ((c === 0x5b || c === 0x7b) && (valueStart || flow > 0)) {
        flow++;
        if (levels + flow > max) return true;
        valueStart = true;
        continue;
      }
      if ((c === 0x5d || c === 0x7d) && flow > 0) {
        flow--;
        valueStart = false;
        continue;
      }
      if (c === 0x2c /* , */ && flow > 0) {
        valueStart = true;
        continue;
      }
      const spaced = i + 1 >= end || text.charCodeAt(i + 1) === SPACE;
      if (c === 0x3a /* : */ && spaced) {
        valueStart = true;
        continue;
      }
      if ((c === 0x2d /* - */ || c === 0x3f) /* ? */ && spaced && valueStart) {
        if (++levels + flow > max) return true;
        continue;
      }
      if (valueStart && flow === 0 && (c === 0x7c /* | */ || c === 0x3e) /* > */) {
        scalarIndent = indent;
        break;
      }
      valueStart = false;
    }
    i = end + 1;
    if (eol < 0) break;
  }
  return false;
}

/**
 * The text with one top-level key set, comments and layout kept (for `harden --fix` on the
 * user's own settings), and the key's value before; fails on the caps and on any syntax error.
 */
export function setYamlKey(text: string, key: string, value: unknown): ReadResult<{ text: string; previous: unknown }> {
  const read = readYaml(text);
  if (!read.ok) return read;
  const Y = yaml();
  try {
    const doc = Y.parseDocument(text, { prettyErrors: false, logLevel: 'error' });
    const previous: unknown = doc.get(key);
    doc.set(key, value);
    return { ok: true, value: { text: doc.toString(), previous: Y.isScalar(previous) ? previous.value : previous } };
  } catch (err) {
    return failure('syntax', `not valid YAML (${err instanceof Error ? err.message : String(err)})`);
  }
}
