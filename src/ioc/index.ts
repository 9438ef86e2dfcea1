/**
 * The shipped IOC data set (data/ioc/*.json at the package root): versioned, each entry with its
 * sources. Read from disk relative to this module, so it works from src/ (tsx) and dist/ alike.
 * Other areas keep their own files in the same folder (host artefacts, packages) and read them
 * with `loadIocFile`.
 */
import { readFileSync } from 'node:fs';
import { errorMessage, InputError } from '../core/errors.ts';

export type IocType = 'domain' | 'ip' | 'url' | 'url-path' | 'marker' | 'address' | 'sha256';

const TYPES: readonly IocType[] = ['domain', 'ip', 'url', 'url-path', 'marker', 'address', 'sha256'];

export interface IocEntry {
  value: string;
  type: IocType;
  /** Source ids, keys of the file's `sources`. */
  source: string[];
  note?: string;
  /** A case-insensitive regular expression for markers whose quoting varies. */
  pattern?: string;
  /**
   * With a pattern: literals one of which every match of it contains, for the byte-level gate
   * (default: the value up to its first quote, space, `=` or `:`). A pair `[a, b]` stands for
   * `a`, any white space, then `b`.
   */
  atoms?: (string | [string, string])[];
  /** "low" when only a weak or secondary source reports it. */
  confidence?: 'low';
  ports?: number[];
}

export interface IocFile {
  version: number;
  updated: string;
  sources: Record<string, string>;
  entries: IocEntry[];
}

export interface LoadedIoc extends IocEntry {
  /** File name the entry came from, e.g. "network.json". */
  file: string;
  /** The source references (URLs or descriptions) of the entry. */
  references: string[];
}

export interface IocSet {
  files: { name: string; version: number; updated: string }[];
  entries: LoadedIoc[];
}

export const DEFAULT_IOC_FILES = ['network.json', 'markers.json', 'hashes.json'] as const;

export function iocDataUrl(name: string): URL {
  return new URL(`../../data/ioc/${name}`, import.meta.url);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(where: string, what: string): never {
  throw new InputError('IOC_DATA', `IOC file ${where}: ${what}`);
}

/** Parse and validate one IOC file's JSON text. */
export function parseIocFile(text: string, where: string): IocFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(where, `not valid JSON (${errorMessage(err)})`);
  }
  if (!isRecord(data)) fail(where, 'not an object');
  const { version, updated, sources, entries } = data;
  if (typeof version !== 'number' || !Number.isInteger(version)) fail(where, '"version" must be an integer');
  if (typeof updated !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(updated)) fail(where, '"updated" must be YYYY-MM-DD');
  if (!isRecord(sources) || !Object.values(sources).every(s => typeof s === 'string')) fail(where, '"sources" must map ids to strings');
  if (!Array.isArray(entries)) fail(where, '"entries" must be an array');
  const out: IocEntry[] = entries.map((raw, i): IocEntry => {
    if (!isRecord(raw)) fail(where, `entry ${i} is not an object`);
    const { value, type, source, note, pattern, atoms, confidence, ports } = raw;
    if (typeof value !== 'string' || value === '') fail(where, `entry ${i} has no "value"`);
    if (typeof type !== 'string' || !TYPES.includes(type as IocType)) fail(where, `entry ${i} has an unknown "type"`);
    if (!Array.isArray(source) || source.length === 0 || !source.every(s => typeof s === 'string' && s in sources)) {
      fail(where, `entry ${i} ("${value}") must cite sources listed in "sources"`);
    }
    const entry: IocEntry = { value, type: type as IocType, source: source as string[] };
    if (typeof note === 'string') entry.note = note;
    if (typeof pattern === 'string') {
      try {
        new RegExp(pattern, 'i');
      } catch (err) {
        fail(where, `entry ${i} has a bad pattern (${errorMessage(err)})`);
      }
      entry.pattern = pattern;
    }
    if (atoms !== undefined) {
      const isAtom = (a: unknown): a is string | [string, string] =>
        (typeof a === 'string' && a !== '') || (Array.isArray(a) && a.length === 2 && a.every(p => typeof p === 'string' && p !== ''));
      if (entry.pattern === undefined || !Array.isArray(atoms) || atoms.length === 0 || !atoms.every(isAtom)) {
        fail(where, `entry ${i} ("${value}"): "atoms" must be a non-empty list of strings or [string, string] pairs, next to a "pattern"`);
      }
      entry.atoms = atoms;
    }
    if (confidence === 'low') entry.confidence = 'low';
    if (Array.isArray(ports) && ports.every(p => typeof p === 'number')) entry.ports = ports;
    return entry;
  });
  return { version, updated, sources: sources as Record<string, string>, entries: out };
}

export function loadIocFile(location: URL | string): IocFile {
  const where = typeof location === 'string' ? location : location.pathname;
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch (err) {
    throw new InputError('IOC_DATA', `cannot read IOC file ${where}: ${errorMessage(err)}`);
  }
  return parseIocFile(text, where);
}

/** The shipped network, marker and hash indicators, plus any extra files (tests, users). */
export function loadIocs(extra: readonly (URL | string)[] = []): IocSet {
  const set: IocSet = { files: [], entries: [] };
  const all: (URL | string)[] = [...DEFAULT_IOC_FILES.map(iocDataUrl), ...extra];
  for (const location of all) {
    const file = loadIocFile(location);
    const name = (typeof location === 'string' ? location : location.pathname).split('/').pop() ?? '';
    set.files.push({ name, version: file.version, updated: file.updated });
    for (const e of file.entries) {
      set.entries.push({ ...e, file: name, references: e.source.map(s => file.sources[s]).filter((s): s is string => s !== undefined) });
    }
  }
  return set;
}
