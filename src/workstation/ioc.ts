/**
 * The indicator data `airlock hunt` reads: host artefacts, C2 network indicators and known-bad
 * package versions, shipped as versioned, sourced JSON under data/ioc/. Each loader validates the
 * shape and drops malformed entries instead of failing.
 */
import { readFileSync } from 'node:fs';
import type { Severity } from '../core/types.ts';
import { SEVERITIES } from '../core/types.ts';
import type { Os } from './platform.ts';
import { OSES } from './platform.ts';

const DATA = new URL('../../data/ioc/', import.meta.url);

export interface ArtefactEntry {
  /** `~/...`-style path, or undefined for a pattern entry. */
  path?: string;
  /** A regular expression over entry names of the folder `in`. */
  pattern?: RegExp;
  in?: string;
  os: Os[];
  source: string[];
  note: string;
  severity: Severity;
}

export interface CommandPattern {
  pattern: RegExp;
  source: string[];
  note: string;
  severity: Severity;
}

export interface HostIoc {
  version: number;
  updated: string;
  sources: Record<string, string>;
  entries: ArtefactEntry[];
  commandPatterns: CommandPattern[];
}

export interface NetworkIoc {
  version: number;
  ports: Map<number, string>;
  addresses: Set<string>;
}

export interface PackageIoc {
  /** Which file the list came from, for notes. */
  origin: string;
  /** name → bad versions; an empty set means every version. */
  packages: Map<string, Set<string>>;
}

export interface IocData {
  host: HostIoc;
  network: NetworkIoc;
  packages: PackageIoc;
}

type Json = Record<string, unknown>;

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, DATA), 'utf8'));
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function severityOf(v: unknown): Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : 'high';
}

export function parseHostIoc(raw: unknown): HostIoc {
  const o = isObj(raw) ? raw : {};
  const entries: ArtefactEntry[] = [];
  for (const e of Array.isArray(o['entries']) ? o['entries'] : []) {
    if (!isObj(e)) continue;
    const os = strings(e['os']).filter((x): x is Os => (OSES as readonly string[]).includes(x));
    const base = {
      os,
      source: strings(e['source']),
      note: typeof e['note'] === 'string' ? e['note'] : '',
      severity: severityOf(e['severity']),
    };
    if (typeof e['path'] === 'string') entries.push({ ...base, path: e['path'] });
    else if (typeof e['pattern'] === 'string' && typeof e['in'] === 'string')
      entries.push({ ...base, pattern: new RegExp(e['pattern'], 'i'), in: e['in'] });
  }
  const commandPatterns: CommandPattern[] = [];
  for (const c of Array.isArray(o['commandPatterns']) ? o['commandPatterns'] : []) {
    if (!isObj(c) || typeof c['pattern'] !== 'string') continue;
    commandPatterns.push({
      pattern: new RegExp(c['pattern'], 'i'),
      source: strings(c['source']),
      note: typeof c['note'] === 'string' ? c['note'] : '',
      severity: severityOf(c['severity']),
    });
  }
  const sources: Record<string, string> = {};
  if (isObj(o['sources'])) for (const [k, v] of Object.entries(o['sources'])) if (typeof v === 'string') sources[k] = v;
  return {
    version: typeof o['version'] === 'number' ? o['version'] : 0,
    updated: typeof o['updated'] === 'string' ? o['updated'] : '',
    sources,
    entries,
    commandPatterns,
  };
}

/** Adds the `ip` entries of the shared data/ioc/network.json (`{ entries: [{ value, type }] }`). */
export function addSharedAddresses(network: NetworkIoc, raw: unknown): void {
  const entries = isObj(raw) && Array.isArray(raw['entries']) ? raw['entries'] : [];
  for (const e of entries) {
    if (isObj(e) && e['type'] === 'ip' && typeof e['value'] === 'string') network.addresses.add(e['value']);
  }
}

export function parseNetworkIoc(raw: unknown): NetworkIoc {
  const o = isObj(raw) ? raw : {};
  const ports = new Map<number, string>();
  for (const p of Array.isArray(o['ports']) ? o['ports'] : []) {
    if (isObj(p) && typeof p['port'] === 'number') ports.set(p['port'], typeof p['note'] === 'string' ? p['note'] : '');
  }
  const addresses = new Set<string>();
  for (const a of Array.isArray(o['addresses']) ? o['addresses'] : []) {
    if (isObj(a) && typeof a['ip'] === 'string') addresses.add(a['ip']);
  }
  return { version: typeof o['version'] === 'number' ? o['version'] : 0, ports, addresses };
}

/** Accepts `{ entries: [{ name, versions? }] }`, `{ packages: [...] }` or a bare array. */
export function parsePackageIoc(raw: unknown, origin: string): PackageIoc {
  const list: unknown[] = Array.isArray(raw)
    ? raw
    : isObj(raw)
      ? Array.isArray(raw['entries'])
        ? raw['entries']
        : Array.isArray(raw['packages'])
          ? raw['packages']
          : []
      : [];
  const packages = new Map<string, Set<string>>();
  for (const e of list) {
    if (!isObj(e) || typeof e['name'] !== 'string' || e['name'] === '') continue;
    const versions = packages.get(e['name']) ?? new Set<string>();
    for (const v of strings(e['versions'])) versions.add(v);
    packages.set(e['name'], versions);
  }
  return { origin, packages };
}

/** The known-malicious seed list shared with `deps/known-malicious`. */
function loadPackages(): PackageIoc {
  return parsePackageIoc(readJson('packages.json'), 'data/ioc/packages.json');
}

/**
 * C2 ports and addresses from hunt-network.json, plus every address of the shared network.json
 * when present. Ports stay hunt-network.json's own: the shared file also lists common ports
 * (3000, 5000) that would make port-only matches noisy.
 */
function loadNetwork(): NetworkIoc {
  const network = parseNetworkIoc(readJson('hunt-network.json'));
  try {
    addSharedAddresses(network, readJson('network.json'));
  } catch {
    return network;
  }
  return network;
}

let cached: IocData | undefined;

/** The shipped indicator data, read once. */
export function loadIoc(): IocData {
  cached ??= {
    host: parseHostIoc(readJson('host-artefacts.json')),
    network: loadNetwork(),
    packages: loadPackages(),
  };
  return cached;
}
