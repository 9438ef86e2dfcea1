/**
 * The shared reader of data/knowledge/*.json: reading a file, checking its header, and the typed
 * accessors that refuse a malformed entry with a KnowledgeError naming the file and the entry.
 * Each file's own parser (index.ts, places.ts, code-tables.ts) is built on these.
 */
import { readFileSync } from 'node:fs';
import { AirlockError } from '../core/errors.ts';

/** A data file under data/knowledge is missing or malformed: a broken installation. */
export class KnowledgeError extends AirlockError {
  constructor(file: string, problem: string) {
    super('knowledge', `data/knowledge/${file}: ${problem} (the installation is damaged: reinstall airlock)`);
  }
}

export type Doc = Record<string, unknown>;

export function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The folder the shipped files are read from (tests point it elsewhere). */
export const DEFAULT_DIR = new URL('../../data/knowledge/', import.meta.url);

export function readDoc(dir: URL, file: string): Doc {
  let text: string;
  try {
    text = readFileSync(new URL(file, dir), 'utf8');
  } catch (err) {
    throw new KnowledgeError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KnowledgeError(file, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isRecord(doc)) throw new KnowledgeError(file, 'expected a JSON object');
  const sources = doc['sources'];
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every(s => typeof s === 'string' && s.length > 0))
    throw new KnowledgeError(file, 'expected a non-empty "sources" list of strings');
  return doc;
}

export function list(file: string, doc: Doc, key: string): Doc[] {
  const v = doc[key];
  if (!Array.isArray(v) || v.length === 0) throw new KnowledgeError(file, `"${key}" is not a non-empty list`);
  return v.map((e: unknown, i) => {
    if (!isRecord(e)) throw new KnowledgeError(file, `${key}[${i}] is not an object`);
    return e;
  });
}

export function text(file: string, where: string, e: Doc, key: string): string {
  const v = e[key];
  if (typeof v !== 'string' || v.length === 0) throw new KnowledgeError(file, `${where} needs a "${key}" string`);
  return v;
}

export function strings(file: string, where: string, e: Doc, key: string): string[] {
  const v = e[key];
  if (!Array.isArray(v) || v.length === 0 || !v.every((s): s is string => typeof s === 'string' && s.length > 0))
    throw new KnowledgeError(file, `${where} needs a non-empty "${key}" list of strings`);
  return v;
}

export function flag(file: string, where: string, e: Doc, key: string): boolean {
  const v = e[key] ?? false;
  if (typeof v !== 'boolean') throw new KnowledgeError(file, `${where}: "${key}" must be true or false`);
  return v;
}

export function regex(file: string, where: string, source: string, flags = ''): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new KnowledgeError(file, `${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `/` in a path pattern: any run of separators, as code on any platform writes them. */
const SEPARATOR = String.raw`(?:[\\/]+)`;

/** A path pattern of the data files (`/`: a separator) as a regular-expression source. */
export function pathPatternSource(pattern: string): string {
  return pattern.replaceAll('/', SEPARATOR);
}

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A table of names: `{ description, source, names }`, every name matching `shape` and listed once.
 * The file holds exactly the tables its reader expects, so none is kept that nothing reads.
 */
export function names(file: string, where: string, doc: Doc, key: string, shape: RegExp): string[] {
  const t = doc[key];
  if (!isRecord(t)) throw new KnowledgeError(file, `${where}"${key}" is not a table`);
  text(file, `${where}"${key}"`, t, 'source');
  const list = strings(file, `${where}"${key}"`, t, 'names');
  const seen = new Set<string>();
  for (const n of list) {
    if (!shape.test(n)) throw new KnowledgeError(file, `${where}"${key}": "${n}" is not a valid name here`);
    if (seen.has(n)) throw new KnowledgeError(file, `${where}"${key}": "${n}" is listed twice`);
    seen.add(n);
  }
  return list;
}

/** The keys of `doc` besides its header must be exactly `keys`. */
export function onlyKeys(file: string, where: string, doc: Doc, keys: readonly string[]): void {
  const header = new Set(['version', 'updated', 'description', 'sources']);
  for (const k of Object.keys(doc)) if (!header.has(k) && !keys.includes(k)) throw new KnowledgeError(file, `${where}unknown table "${k}"`);
}
