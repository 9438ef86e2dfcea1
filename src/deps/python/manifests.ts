/**
 * Python dependency declarations other than requirements files: `pyproject.toml` (PEP 621
 * `[project]`, PEP 735 `[dependency-groups]`, `[build-system] requires`, Poetry, PDM, Hatch and uv
 * tables), `Pipfile`, `Pipfile.lock`, `poetry.lock`, `uv.lock` and `setup.cfg`. Each reader takes
 * the file's text and returns what it declares, never throwing: a file it cannot read is a problem.
 */
import { readJson } from '../../lang/json.ts';
import { readToml } from '../../lang/toml.ts';
import { isRecord, str } from '../lockfiles/types.ts';
import { canonicalName, isProjectName, parseRequirement, pinnedVersion } from './pep508.ts';
import { classifyPyTarget } from './source.ts';
import type { PySource } from './source.ts';

export type PyFormat = 'requirements' | 'pyproject' | 'pipfile' | 'pipfile-lock' | 'poetry-lock' | 'uv-lock' | 'uv-toml' | 'setup-cfg';

export interface PyDeclared {
  name: string;
  /** The declaration as written, for evidence (`requests>=2`, `foo = {git = "…"}`). */
  spec: string;
  source: PySource;
  /** The exact version it pins, when it pins one. */
  version?: string;
  line?: number;
  editable?: boolean;
  /** The declaration carries hashes that pip checks. */
  hashed?: boolean;
}

export type IndexOption = 'index-url' | 'extra-index-url' | 'find-links' | 'trusted-host' | 'requirement-url' | 'source' | 'lock-source';

export interface PyIndexDecl {
  option: IndexOption;
  /** URL, path or (trusted-host) host name as written. */
  url: string;
  /** It replaces PyPI for every package (`--index-url`, a Poetry primary source, a default index). */
  primary: boolean;
  line?: number;
  /** TLS verification turned off for it (`verify_ssl = false`). */
  noVerify?: boolean;
}

export interface PyManifest {
  format: PyFormat;
  deps: PyDeclared[];
  indexes: PyIndexDecl[];
  /** Why (part of) the file could not be read. */
  problems: string[];
  /** A lockfile: what installs exactly, transitive packages included. */
  locked: boolean;
}

function empty(format: PyFormat, locked: boolean): PyManifest {
  return { format, deps: [], indexes: [], problems: [], locked };
}

/** 1-based line of the first `needle` at or after `from`, else of the first anywhere, else undefined. */
function lineAt(text: string, needle: string, from = 0): number | undefined {
  let at = text.indexOf(needle, from);
  if (at < 0) at = text.indexOf(needle);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function headerAt(text: string, header: string): number {
  const at = text.indexOf(header);
  return at < 0 ? 0 : at;
}

/** A PEP 508 string as a declaration; undefined (with a problem) when it is not one. */
function fromPep508(req: string, problems: string[], where: string): PyDeclared | undefined {
  const r = parseRequirement(req);
  if (!r) {
    problems.push(`${where}: not a requirement: ${req.slice(0, 80)}`);
    return undefined;
  }
  const d: PyDeclared = { name: r.name, spec: req.trim(), source: r.url === undefined ? { kind: 'index' } : classifyPyTarget(r.url) };
  const v = pinnedVersion(r.specifier);
  if (v !== undefined) d.version = v;
  return d;
}

function pep508List(out: PyManifest, text: string, value: unknown, where: string, from: number): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    out.problems.push(`${where} is not a list`);
    return;
  }
  for (const item of value as unknown[]) {
    if (typeof item !== 'string') continue;
    const d = fromPep508(item, out.problems, where);
    if (!d) continue;
    const line = lineAt(text, JSON.stringify(item).slice(0, -1), from) ?? lineAt(text, item.trim(), from);
    if (line !== undefined) d.line = line;
    out.deps.push(d);
  }
}

/** A Poetry / Pipfile / uv dependency table entry (`{ git = "…", rev = "…" }`, `{ path = "…" }`, a version string). */
function fromTableSpec(name: string, value: unknown): PyDeclared | undefined {
  if (typeof value === 'string') {
    const d: PyDeclared = { name, spec: `${name} = "${value}"`, source: { kind: 'index' } };
    const v = pinnedVersion(/^\d/.test(value) ? `==${value}` : value);
    if (v !== undefined) d.version = v;
    return d;
  }
  if (Array.isArray(value)) {
    const first = (value as unknown[]).find(isRecord);
    return first === undefined ? undefined : fromTableSpec(name, first);
  }
  if (!isRecord(value)) return undefined;
  const git = str(value['git']);
  const url = str(value['url']) ?? str(value['file']);
  const path = str(value['path']);
  let source: PySource = { kind: 'index' };
  let shownAs = '';
  if (git !== undefined) {
    const ref = str(value['rev']) ?? str(value['ref']) ?? str(value['tag']) ?? str(value['branch']);
    const full = git.startsWith('git+') ? git : `git+${git}`;
    source = classifyPyTarget(ref === undefined ? full : `${full}@${ref}`);
    shownAs = `git = "${git}"${ref === undefined ? '' : `, ref "${ref}"`}`;
  } else if (url !== undefined) {
    source = classifyPyTarget(url);
    shownAs = `url = "${url}"`;
  } else if (path !== undefined) {
    source = { kind: 'local', target: path };
    shownAs = `path = "${path}"`;
  }
  const version = str(value['version']);
  const d: PyDeclared = { name, spec: `${name} = { ${shownAs || `version = "${version ?? '*'}"`} }`, source };
  const v = version === undefined ? undefined : pinnedVersion(/^\d/.test(version) ? `==${version}` : version);
  if (v !== undefined) d.version = v;
  if (value['editable'] === true || value['develop'] === true) d.editable = true;
  return d;
}

function tableDeps(out: PyManifest, text: string, table: unknown, header: string, skip: ReadonlySet<string> = new Set()): void {
  if (!isRecord(table)) return;
  const from = headerAt(text, header);
  for (const [name, value] of Object.entries(table)) {
    if (skip.has(name.toLowerCase()) || !isProjectName(name)) continue;
    const d = fromTableSpec(name, value);
    if (!d) continue;
    const line = lineAt(text, `\n${name}`, from);
    if (line !== undefined) d.line = line + 1;
    out.deps.push(d);
  }
}

function tomlOf(text: string, out: PyManifest): Record<string, unknown> | undefined {
  const read = readToml(text.replace(/^\uFEFF/, ''));
  if (!read.ok) {
    out.problems.push(read.error.message);
    return undefined;
  }
  return read.value;
}

function sourceList(
  out: PyManifest,
  text: string,
  list: unknown,
  header: string,
  primaryOf: (s: Record<string, unknown>) => boolean,
): void {
  if (!Array.isArray(list)) return;
  for (const s of list as unknown[]) {
    if (!isRecord(s)) continue;
    const url = str(s['url']);
    if (url === undefined) continue;
    const decl: PyIndexDecl = { option: 'source', url, primary: primaryOf(s) };
    const line = lineAt(text, url, headerAt(text, header));
    if (line !== undefined) decl.line = line;
    if (s['verify_ssl'] === false) decl.noVerify = true;
    out.indexes.push(decl);
  }
}

export function parsePyproject(text: string): PyManifest {
  const out = empty('pyproject', false);
  const doc = tomlOf(text, out);
  if (!doc) return out;
  const project = isRecord(doc['project']) ? doc['project'] : {};
  pep508List(out, text, project['dependencies'], '[project] dependencies', headerAt(text, '[project]'));
  const optional = project['optional-dependencies'];
  if (isRecord(optional))
    for (const [extra, list] of Object.entries(optional))
      pep508List(out, text, list, `optional-dependencies.${extra}`, headerAt(text, 'optional-dependencies'));
  const groups = doc['dependency-groups'];
  if (isRecord(groups))
    for (const [g, list] of Object.entries(groups))
      if (Array.isArray(list))
        pep508List(
          out,
          text,
          list.filter(x => typeof x === 'string'),
          `dependency-groups.${g}`,
          headerAt(text, '[dependency-groups]'),
        );
  const build = isRecord(doc['build-system']) ? doc['build-system'] : {};
  pep508List(out, text, build['requires'], '[build-system] requires', headerAt(text, '[build-system]'));
  const tool = isRecord(doc['tool']) ? doc['tool'] : {};
  readPoetry(out, text, tool['poetry']);
  readPdm(out, text, tool['pdm']);
  readHatch(out, text, tool['hatch']);
  readUv(out, text, tool['uv']);
  return out;
}

const PYTHON = new Set(['python']);

function readPoetry(out: PyManifest, text: string, poetry: unknown): void {
  if (!isRecord(poetry)) return;
  tableDeps(out, text, poetry['dependencies'], '[tool.poetry.dependencies]', PYTHON);
  tableDeps(out, text, poetry['dev-dependencies'], '[tool.poetry.dev-dependencies]', PYTHON);
  const groups = poetry['group'];
  if (isRecord(groups))
    for (const [g, body] of Object.entries(groups))
      if (isRecord(body)) tableDeps(out, text, body['dependencies'], `[tool.poetry.group.${g}.dependencies]`, PYTHON);
  // Poetry: `priority = "primary"` (or the older `default = true`) replaces PyPI; "supplemental" and
  // "secondary" are searched too, like an extra index; "explicit" only serves packages that name it.
  sourceList(out, text, poetry['source'], '[[tool.poetry.source]]', s => {
    const p = str(s['priority']);
    return s['default'] === true || p === 'primary' || p === 'default' || (p === undefined && s['secondary'] !== true);
  });
}

function readPdm(out: PyManifest, text: string, pdm: unknown): void {
  if (!isRecord(pdm)) return;
  const dev = pdm['dev-dependencies'];
  if (isRecord(dev))
    for (const [g, list] of Object.entries(dev)) pep508List(out, text, list, `tool.pdm.dev-dependencies.${g}`, headerAt(text, '[tool.pdm'));
  sourceList(out, text, pdm['source'], '[[tool.pdm.source]]', s => str(s['name']) === 'pypi');
}

function readHatch(out: PyManifest, text: string, hatch: unknown): void {
  if (!isRecord(hatch) || !isRecord(hatch['envs'])) return;
  for (const [env, body] of Object.entries(hatch['envs'])) {
    if (!isRecord(body)) continue;
    const from = headerAt(text, `[tool.hatch.envs.${env}]`);
    pep508List(out, text, body['dependencies'], `tool.hatch.envs.${env}.dependencies`, from);
    pep508List(out, text, body['extra-dependencies'], `tool.hatch.envs.${env}.extra-dependencies`, from);
  }
}

function readUv(out: PyManifest, text: string, uv: unknown): void {
  if (!isRecord(uv)) return;
  sourceList(out, text, uv['index'], '[[tool.uv.index]]', s => s['default'] === true);
  const single = (option: IndexOption, value: unknown, primary: boolean): void => {
    for (const url of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof url !== 'string') continue;
      const decl: PyIndexDecl = { option, url, primary };
      const line = lineAt(text, url, headerAt(text, '[tool.uv]'));
      if (line !== undefined) decl.line = line;
      out.indexes.push(decl);
    }
  };
  single('index-url', uv['index-url'], true);
  single('extra-index-url', uv['extra-index-url'], false);
  single('find-links', uv['find-links'], false);
  pep508List(out, text, uv['dev-dependencies'], 'tool.uv.dev-dependencies', headerAt(text, '[tool.uv]'));
  // [tool.uv.sources] says where a dependency declared elsewhere really comes from.
  const sources = uv['sources'];
  if (!isRecord(sources)) return;
  const from = headerAt(text, '[tool.uv.sources]');
  for (const [name, value] of Object.entries(sources)) {
    const d = fromTableSpec(name, value);
    if (!d || d.source.kind === 'index') continue;
    const line = lineAt(text, `\n${name}`, from);
    if (line !== undefined) d.line = line + 1;
    const canonical = canonicalName(name);
    const declared = out.deps.filter(x => canonicalName(x.name) === canonical);
    for (const x of declared) x.source = d.source;
    out.deps.push(d);
  }
}

/** uv.toml: uv's project settings file, the keys of `[tool.uv]` at the top level. */
export function parseUvToml(text: string): PyManifest {
  const out = empty('uv-toml', false);
  const doc = tomlOf(text, out);
  if (doc) readUv(out, text, doc);
  return out;
}

export function parsePipfile(text: string): PyManifest {
  const out = empty('pipfile', false);
  const doc = tomlOf(text, out);
  if (!doc) return out;
  tableDeps(out, text, doc['packages'], '[packages]');
  tableDeps(out, text, doc['dev-packages'], '[dev-packages]');
  // Pipenv installs from the first source; the others are searched only for packages that name them.
  let first = true;
  sourceList(out, text, doc['source'], '[[source]]', () => {
    const p = first;
    first = false;
    return p;
  });
  return out;
}

export function parsePipfileLock(text: string): PyManifest {
  const out = empty('pipfile-lock', true);
  const read = readJson(text);
  if (!read.ok) {
    out.problems.push(read.error.message);
    return out;
  }
  const doc = read.value;
  if (!isRecord(doc)) {
    out.problems.push('not a Pipfile.lock (no JSON object)');
    return out;
  }
  const meta = isRecord(doc['_meta']) ? doc['_meta'] : {};
  let first = true;
  sourceList(out, text, meta['sources'], '"sources"', () => {
    const p = first;
    first = false;
    return p;
  });
  for (const section of ['default', 'develop']) {
    const body = doc[section];
    if (!isRecord(body)) continue;
    const from = headerAt(text, `"${section}"`);
    for (const [name, value] of Object.entries(body)) {
      if (!isProjectName(name)) continue;
      const d = fromTableSpec(name, isRecord(value) ? value : {});
      if (!d) continue;
      if (isRecord(value) && Array.isArray(value['hashes']) && value['hashes'].length > 0) d.hashed = true;
      const line = lineAt(text, `"${name}"`, from);
      if (line !== undefined) d.line = line;
      out.deps.push(d);
    }
  }
  return out;
}

/** poetry.lock and uv.lock: `[[package]]` tables with a name, a version and a source. */
function lockPackages(text: string, format: 'poetry-lock' | 'uv-lock'): PyManifest {
  const out = empty(format, true);
  const doc = tomlOf(text, out);
  if (!doc) return out;
  const list = doc['package'];
  if (!Array.isArray(list)) {
    if (list !== undefined) out.problems.push('[[package]] is not a list of tables');
    return out;
  }
  const seenIndexes = new Set<string>();
  let cursor = 0;
  for (const p of list as unknown[]) {
    if (!isRecord(p)) continue;
    const name = str(p['name']);
    if (name === undefined || !isProjectName(name)) continue;
    const version = str(p['version']);
    const at = text.indexOf(`name = "${name}"`, cursor);
    if (at >= 0) cursor = at;
    const d: PyDeclared = { name, spec: `${name} ${version ?? ''}`.trim(), source: { kind: 'index' } };
    if (version !== undefined) d.version = version;
    const line = at < 0 ? undefined : lineAt(text, `name = "${name}"`, at);
    if (line !== undefined) d.line = line;
    const src = p['source'];
    if (isRecord(src)) {
      const index = format === 'poetry-lock' ? lockSourcePoetry(src, d) : lockSourceUv(src, d);
      if (index !== undefined && !seenIndexes.has(index)) {
        seenIndexes.add(index);
        const decl: PyIndexDecl = { option: 'lock-source', url: index, primary: false };
        if (line !== undefined) decl.line = line;
        out.indexes.push(decl);
      }
    }
    out.deps.push(d);
  }
  return out;
}

/** Sets `d.source` from a poetry.lock source table; returns a package index URL it names. */
function lockSourcePoetry(src: Record<string, unknown>, d: PyDeclared): string | undefined {
  const type = str(src['type']);
  const url = str(src['url']);
  if (url === undefined) return undefined;
  if (type === 'git') {
    const commit = str(src['resolved_reference']) ?? str(src['reference']);
    d.source = classifyPyTarget(`git+${url.replace(/^git\+/, '')}${commit === undefined ? '' : `@${commit}`}`);
  } else if (type === 'url') d.source = classifyPyTarget(url);
  else if (type === 'file' || type === 'directory') d.source = { kind: 'local', target: url };
  else if (type === 'legacy') return url;
  if (d.source.kind !== 'index') d.spec = `${d.name} (${type ?? 'source'} ${url})`;
  return undefined;
}

function lockSourceUv(src: Record<string, unknown>, d: PyDeclared): string | undefined {
  const registry = str(src['registry']);
  if (registry !== undefined) return /^https?:/i.test(registry) ? registry : undefined;
  const git = str(src['git']);
  const url = str(src['url']);
  const path = str(src['path']) ?? str(src['directory']) ?? str(src['editable']) ?? str(src['virtual']);
  if (git !== undefined) {
    // uv writes `https://host/repo?rev=main#<full commit>`: the fragment is what installs.
    const commit = /#([0-9a-f]{40})$/.exec(git)?.[1];
    const base = git.replace(/[?#].*$/, '');
    d.source = classifyPyTarget(`git+${base}${commit === undefined ? '' : `@${commit}`}`);
    d.spec = `${d.name} (git ${git})`;
  } else if (url !== undefined) {
    d.source = classifyPyTarget(url);
    d.spec = `${d.name} (url ${url})`;
  } else if (path !== undefined) {
    d.source = { kind: 'local', target: path };
    d.spec = `${d.name} (path ${path})`;
  }
  return undefined;
}

export function parsePoetryLock(text: string): PyManifest {
  return lockPackages(text, 'poetry-lock');
}

export function parseUvLock(text: string): PyManifest {
  return lockPackages(text, 'uv-lock');
}

/** setup.cfg: `[options] install_requires`, `setup_requires`, `tests_require` and `[options.extras_require]`. */
export function parseSetupCfg(text: string): PyManifest {
  const out = empty('setup-cfg', false);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let section = '';
  let key: string | undefined;
  const take = (value: string, line: number): void => {
    const v = value.replace(/(?:^|\s)[#;].*$/, '').trim();
    if (v === '' || v.startsWith('file:') || v.startsWith('attr:')) return;
    const d = fromPep508(v, out.problems, `setup.cfg line ${line}`);
    if (d) {
      d.line = line;
      out.deps.push(d);
    }
  };
  const wanted = (s: string, k: string): boolean =>
    (s === 'options' && (k === 'install_requires' || k === 'setup_requires' || k === 'tests_require')) || s === 'options.extras_require';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header?.[1] !== undefined) {
      section = header[1].trim();
      key = undefined;
      continue;
    }
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw) && key !== undefined) {
      if (wanted(section, key)) take(raw, i + 1);
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv?.[1]) {
      key = undefined;
      continue;
    }
    key = kv[1].toLowerCase().replace(/-/g, '_');
    if (wanted(section, key)) take(kv[2] ?? '', i + 1);
  }
  return out;
}
