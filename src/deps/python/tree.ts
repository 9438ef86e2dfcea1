/**
 * Every Python dependency declaration of the repository, read once per scan (a fact): pip
 * requirements and constraints files with their `-r`/`-c` includes, `pyproject.toml`, `Pipfile`,
 * `Pipfile.lock`, `poetry.lock`, `uv.lock` and `setup.cfg`, outside `node_modules` and virtual
 * environments. Includes are followed inside the repository only, each file read once, with a
 * depth cap; what cannot be read is in the report's errors with its kind.
 */
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import { baseName, dirName, joinRel } from '../../fs/path.ts';
import { canonicalName, parseRequirement, pinnedVersion } from './pep508.ts';
import { parsePipfile, parsePipfileLock, parsePoetryLock, parsePyproject, parseSetupCfg, parseUvLock, parseUvToml } from './manifests.ts';
import type { PyDeclared, PyFormat, PyIndexDecl, PyManifest } from './manifests.ts';
import { parseRequirementsText } from './requirements.ts';
import { archiveName, classifyPyTarget, eggName, looksLikePathOrUrl } from './source.ts';

export interface PyDep extends PyDeclared {
  /** Root-relative path of the file that declares it. */
  file: string;
  format: PyFormat;
  /** PEP 503 form of the name ('' when a URL or path line names no project). */
  canonical: string;
  /** From a lockfile (exact, transitive packages included) rather than a declaration. */
  locked: boolean;
}

export interface PyIndex extends PyIndexDecl {
  file: string;
}

/** A `-r`/`-c` include that pip would read from outside the repository. */
export interface PyOutsideInclude {
  file: string;
  line: number;
  target: string;
}

export interface PyDeps {
  files: { file: string; format: PyFormat }[];
  deps: PyDep[];
  indexes: PyIndex[];
  outside: PyOutsideInclude[];
  /** `-r`/`-c` includes between requirements files of the repository. */
  includes: { from: string; to: string; constraint: boolean }[];
}

/** How many `-r`/`-c` files deep an include chain is followed. */
export const MAX_INCLUDE_DEPTH = 16;

/** Requirements read from one file; real ones hold hundreds, lockfiles a few thousand. */
export const MAX_DEPS_PER_FILE = 20_000;

function capped(ctx: RuleContext, file: string, n: number): boolean {
  if (n <= MAX_DEPS_PER_FILE) return false;
  // Index settings further down are still read: only requirements past the cap are skipped.
  ctx.error(`more than ${MAX_DEPS_PER_FILE} Python requirements: only the first ${MAX_DEPS_PER_FILE} were checked`, file, 'truncated');
  return true;
}

const FIXED: Record<string, { format: PyFormat; parse: (text: string) => PyManifest }> = {
  'pyproject.toml': { format: 'pyproject', parse: parsePyproject },
  Pipfile: { format: 'pipfile', parse: parsePipfile },
  'Pipfile.lock': { format: 'pipfile-lock', parse: parsePipfileLock },
  'poetry.lock': { format: 'poetry-lock', parse: parsePoetryLock },
  'uv.lock': { format: 'uv-lock', parse: parseUvLock },
  'uv.toml': { format: 'uv-toml', parse: parseUvToml },
  'setup.cfg': { format: 'setup-cfg', parse: parseSetupCfg },
};

/** `requirements.txt`, `requirements-dev.txt`, `dev-requirements.in`, `constraints.txt`, `requirements/base.txt`. */
export function isRequirementsFile(path: string): boolean {
  const base = baseName(path).toLowerCase();
  if (!/\.(?:txt|in)$/.test(base)) return false;
  if (/requirements|constraints/.test(base)) return true;
  const dir = baseName(dirName(path)).toLowerCase();
  return dir === 'requirements' || dir === 'reqs';
}

const SKIP_DIR = /(?:^|\/)(?:node_modules|site-packages|\.venv|venv|\.tox|\.nox|__pypackages__)\//;

const pyDepsFact = defineFact('deps:python', collect);

export function pyDeps(ctx: RuleContext): PyDeps {
  return ctx.facts.get(pyDepsFact);
}

function collect(ctx: RuleContext): PyDeps {
  const out: PyDeps = { files: [], deps: [], indexes: [], outside: [], includes: [] };
  const reqRoots: string[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || SKIP_DIR.test(f.path)) continue;
    const base = baseName(f.path);
    const fixed = FIXED[base];
    if (fixed) {
      const text = readable(ctx, f.path);
      if (text === undefined) continue;
      const m = fixed.parse(text);
      if (m.deps.length === 0 && m.indexes.length === 0 && m.problems.length === 0) continue;
      if (capped(ctx, f.path, m.deps.length)) m.deps.length = MAX_DEPS_PER_FILE;
      addManifest(out, f.path, m);
      for (const p of m.problems) ctx.error(`Python dependencies not fully read: ${p}`, f.path, 'unparseable');
    } else if (isRequirementsFile(f.path)) reqRoots.push(f.path);
  }
  const done = new Set<string>();
  for (const file of reqRoots) readRequirements(ctx, out, file, [], done);
  return out;
}

function readable(ctx: RuleContext, path: string): string | undefined {
  const text = ctx.text(path);
  if (text === undefined && ctx.inventory.byPath.get(path)?.content === 'binary')
    ctx.error('not a text file: its Python dependencies were not read', path, 'unparseable');
  return text;
}

function addManifest(out: PyDeps, file: string, m: PyManifest): void {
  out.files.push({ file, format: m.format });
  for (const d of m.deps) out.deps.push({ ...d, file, format: m.format, canonical: canonicalName(d.name), locked: m.locked });
  for (const i of m.indexes) out.indexes.push({ ...i, file });
}

function readRequirements(ctx: RuleContext, out: PyDeps, file: string, stack: string[], done: Set<string>): void {
  if (done.has(file)) return;
  if (stack.length >= MAX_INCLUDE_DEPTH) {
    ctx.error(
      `requirements files include each other more than ${MAX_INCLUDE_DEPTH} deep (${stack[0] ?? file} → … → ${file}): the rest of the chain was not read`,
      file,
      'truncated',
    );
    return;
  }
  done.add(file);
  const text = readable(ctx, file);
  if (text === undefined) return;
  const parsed = parseRequirementsText(text, MAX_DEPS_PER_FILE);
  out.files.push({ file, format: 'requirements' });
  for (const p of parsed.problems) ctx.error(`requirements file not fully read: ${p}`, file);
  const dir = dirName(file);
  capped(ctx, file, parsed.requirements.length + parsed.skipped);
  for (const r of parsed.requirements) {
    const d = requirementDep(r.text, r.editable);
    if (!d) {
      ctx.error(`requirements file not fully read: line ${r.line}: not a requirement: ${r.text.slice(0, 80)}`, file);
      continue;
    }
    d.line = r.line;
    if (r.hashes > 0) d.hashed = true;
    out.deps.push({ ...d, file, format: 'requirements', canonical: d.name === '' ? '' : canonicalName(d.name), locked: false });
  }
  for (const o of parsed.options) {
    const value = o.value;
    if (value === undefined) continue;
    switch (o.name) {
      case 'requirement':
      case 'constraint': {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
          out.indexes.push({ option: 'requirement-url', url: value, primary: false, line: o.line, file });
          break;
        }
        const target = /^(?:\/|~|[A-Za-z]:[\\/])/.test(value) ? undefined : joinRel(dir, value.replace(/\\/g, '/'));
        if (target === undefined) {
          out.outside.push({ file, line: o.line, target: value });
          break;
        }
        const entry = ctx.inventory.byPath.get(target);
        if (entry?.type !== 'file') {
          if (!value.includes('${'))
            ctx.error(`line ${o.line}: -${o.name === 'requirement' ? 'r' : 'c'} ${value}: no such file in the repository`, file);
          break;
        }
        out.includes.push({ from: file, to: target, constraint: o.name === 'constraint' });
        readRequirements(ctx, out, target, [...stack, file], done);
        break;
      }
      case 'index-url':
      case 'extra-index-url':
      case 'find-links':
      case 'trusted-host':
        out.indexes.push({ option: o.name, url: value, primary: o.name === 'index-url', line: o.line, file });
        break;
      default:
        break;
    }
  }
}

/** One requirement line (PEP 508, `name @ url`, a URL with `#egg=`, a path, an archive) as a declaration. */
function requirementDep(text: string, editable: boolean): PyDeclared | undefined {
  const bare = text.trim();
  if (looksLikePathOrUrl(bare) && !/^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@/.test(bare)) {
    const target = bare.replace(/\s*;.*$/, '').replace(/\[[^\]/]*\]$/, '');
    const source = classifyPyTarget(target);
    const name = eggName(target) ?? archiveName(target) ?? '';
    const d: PyDeclared = { name, spec: bare, source };
    if (editable) d.editable = true;
    return d;
  }
  const r = parseRequirement(bare);
  if (!r) return undefined;
  const d: PyDeclared = { name: r.name, spec: bare, source: r.url === undefined ? { kind: 'index' } : classifyPyTarget(r.url) };
  const v = pinnedVersion(r.specifier);
  if (v !== undefined) d.version = v;
  if (editable) d.editable = true;
  return d;
}
