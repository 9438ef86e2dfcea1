/**
 * Package archives committed to the repository that `pip install` builds: a requirements line
 * naming `./vendor/pkg-1.0.tar.gz` (or a `.zip`/`.tar` sdist) makes pip unpack it and run its
 * `setup.py`, or the in-tree build backend its `pyproject.toml` names, as Python. The archive is
 * read in memory with the archive caps (src/fs/archive-read.ts), never unpacked into the scanned
 * tree; the build entry and the archive's modules it imports are handed to the Python code facts
 * under virtual paths `<archive>/<member>` so the code rules judge them like any file.
 * A build file that cannot be read (a bomb, too large, an unsupported compression) is a gap.
 */
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import { errorMessage } from '../../core/errors.ts';
import { archiveKindOf, readArchiveMembers } from '../../fs/archive-read.ts';
import { absFromRel, dirName, joinRel } from '../../fs/path.ts';
import { loadPythonParser, parsePython } from '../../lang/python/parse.ts';
import { readToml } from '../../lang/toml.ts';
import { pyDeps } from '../../deps/python/tree.ts';
import { importRefs } from './sources.ts';

export interface PythonArchive {
  /** Root-relative path of the archive. */
  archive: string;
  /** Virtual path (`<archive>/<member>`) of what the build runs first: setup.py or the backend. */
  entry?: string;
  /** Virtual paths of every Python file the build runs (entry first) and their text. */
  runs: Map<string, string>;
  /** A wheel's `.pth` files (virtual path → text): site.py runs their `import` lines at every start once installed. */
  pth?: Map<string, string>;
}

/** Archive file names pip builds from source, and wheels (installed as they are). */
const SDIST = /\.(?:tar\.gz|tgz|tar|zip|tar\.bz2|tar\.xz|whl)$/i;
const WHEEL = /\.whl$/i;
/**
 * Wheel members that run once installed: `.pth` files at the top or in `<dist>.data/purelib|platlib`
 * (site.py runs their `import` lines at every Python start), and `<dist>.data/scripts/*` (installed
 * on PATH as commands).
 */
const WHEEL_PTH = /^(?:[^/]+\.data\/(?:purelib|platlib)\/)?[^/]+\.pth$/;
const WHEEL_SCRIPT = /^[^/]+\.data\/scripts\/[^/]+$/;
/** Modules followed from the build entry. */
const MAX_RUN_FILES = 200;

const archivesFact = defineFact('python-archives', collect);

/** The committed package archives a requirements file installs, read once per scan. */
export function pythonArchives(ctx: RuleContext): Promise<Map<string, PythonArchive>> {
  return ctx.facts.get(archivesFact);
}

/** Where a requirement's local target points in the repository, when it is an sdist there. */
export function archiveTarget(ctx: RuleContext, file: string, target: string): string | undefined {
  if (!SDIST.test(target) || /^(?:\/|~|[A-Za-z]:[\\/])/.test(target)) return undefined;
  const path = joinRel(dirName(file), target.replace(/\\/g, '/'));
  return path !== undefined && ctx.inventory.byPath.get(path)?.type === 'file' ? path : undefined;
}

async function collect(ctx: RuleContext): Promise<Map<string, PythonArchive>> {
  const out = new Map<string, PythonArchive>();
  for (const d of pyDeps(ctx).deps) {
    if (d.format !== 'requirements' || d.source.kind !== 'local') continue;
    const archive = archiveTarget(ctx, d.file, d.source.target ?? '');
    if (archive === undefined || out.has(archive)) continue;
    out.set(archive, WHEEL.test(archive) ? await readWheel(ctx, archive) : await readOne(ctx, archive));
  }
  // Wheels committed anywhere in the project: one `pip install x.whl` away from running.
  for (const f of ctx.inventory.files)
    if (!f.inNodeModules && f.type === 'file' && WHEEL.test(f.path) && !out.has(f.path)) out.set(f.path, await readWheel(ctx, f.path));
  return out;
}

/** Keeps the `import` lines of a `.pth` file (the code site.py runs), other lines blank. */
export function pthCode(text: string): string {
  return text
    .split(/\r?\n/)
    .map(l => (/^import[ \t]/.test(l) ? l : ''))
    .join('\n');
}

/** A wheel (a zip): its `.pth` files and installed scripts, read in memory with the archive caps. */
async function readWheel(ctx: RuleContext, archive: string): Promise<PythonArchive> {
  const result: PythonArchive = { archive, runs: new Map(), pth: new Map() };
  let read;
  try {
    read = await readArchiveMembers(absFromRel(ctx.root, archive), 'zip', n => WHEEL_PTH.test(n) || WHEEL_SCRIPT.test(n));
  } catch (err) {
    ctx.error(`a wheel in the repository could not be read: ${errorMessage(err)}`, archive, 'unparseable');
    return result;
  }
  for (const s of read.skipped)
    ctx.error(`${s.name} in this wheel runs once it is installed and was not read: ${s.reason}`, archive, s.kind);
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for (const [name, bytes] of [...read.members].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = decoder.decode(bytes);
    const virtual = `${archive}/${name}`;
    if (WHEEL_PTH.test(name)) {
      result.pth?.set(virtual, text);
      if (/^import[ \t]/m.test(text)) result.runs.set(virtual, pthCode(text));
    } else if (/\.py$/.test(name) || /^#!.*python/.test(text)) result.runs.set(virtual, text);
  }
  const first = result.runs.keys().next();
  if (first.done !== true) {
    result.entry = first.value;
    await loadPythonParser();
  }
  return result;
}

function topOf(names: Iterable<string>): string {
  let top: string | undefined;
  for (const n of names) {
    const first = n.includes('/') ? n.slice(0, n.indexOf('/')) : '';
    if (top === undefined) top = first;
    else if (top !== first) return '';
  }
  return top ?? '';
}

async function readOne(ctx: RuleContext, archive: string): Promise<PythonArchive> {
  const result: PythonArchive = { archive, runs: new Map() };
  const kind = archiveKindOf(archive);
  if (kind === undefined) {
    ctx.error(
      'a package archive pip builds on install is in a compression Airlock does not read: its setup code was not analysed',
      archive,
      'unparseable',
    );
    return result;
  }
  let read;
  try {
    read = await readArchiveMembers(absFromRel(ctx.root, archive), kind, n => /\.py$|(?:^|\/)(?:pyproject\.toml|setup\.cfg)$/.test(n));
  } catch (err) {
    ctx.error(`a package archive pip builds on install could not be read: ${errorMessage(err)}`, archive, 'unparseable');
    return result;
  }
  const texts = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for (const [name, bytes] of read.members) texts.set(name, decoder.decode(bytes));
  const skipped = new Map(read.skipped.map(s => [s.name, s]));
  const top = topOf([...texts.keys(), ...skipped.keys()]);
  const at = (rel: string): string => (top === '' ? rel : `${top}/${rel}`);
  const virtual = (member: string): string => `${archive}/${member}`;
  const reported = new Set<string>();
  const gap = (member: string): void => {
    const s = skipped.get(member);
    if (s === undefined || reported.has(member)) return;
    reported.add(member);
    ctx.error(`${member} in this package archive runs on install and was not read: ${s.reason}`, archive, s.kind);
  };

  // The build runs setup.py when there is one, else the in-tree backend pyproject.toml names.
  let entry: string | undefined;
  let backendDirs: string[] = [];
  if (texts.has(at('setup.py'))) entry = at('setup.py');
  else if (skipped.has(at('setup.py'))) gap(at('setup.py'));
  else {
    const pyproject = texts.get(at('pyproject.toml'));
    const toml = pyproject === undefined ? undefined : readToml(pyproject);
    const bs = toml?.ok === true ? (toml.value['build-system'] as Record<string, unknown> | undefined) : undefined;
    const backend = bs?.['build-backend'];
    const paths = bs?.['backend-path'];
    if (typeof backend === 'string' && Array.isArray(paths)) {
      backendDirs = paths.filter((p): p is string => typeof p === 'string').map(p => joinRel(top, p) ?? '');
      const module = backend.split(':')[0]?.trim() ?? '';
      entry = resolve(texts, backendDirs, module) ?? undefined;
      if (entry === undefined) for (const dir of backendDirs) gap(moduleFile(dir, module));
    }
  }
  if (entry === undefined) return result;
  result.entry = virtual(entry);

  await loadPythonParser();
  const queue = [entry];
  const seen = new Set(queue);
  while (queue.length > 0 && seen.size <= MAX_RUN_FILES) {
    const member = queue.shift() as string;
    const text = texts.get(member) ?? '';
    result.runs.set(virtual(member), text);
    const here = dirName(member);
    for (const ref of importRefs(parsePython(text))) {
      let bases: string[];
      if (ref.level > 0) {
        let dir = here;
        for (let i = 1; i < ref.level && dir !== ''; i++) dir = dirName(dir);
        bases = [dir];
      } else bases = [...new Set([here, top, ...backendDirs])];
      for (const name of ref.module === '' ? ref.names : [ref.module, ...ref.names.map(n => `${ref.module}.${n}`)]) {
        for (const m of modulePath(texts, bases, name)) {
          if (!seen.has(m)) {
            seen.add(m);
            queue.push(m);
          }
        }
        for (const base of bases) for (const f of [moduleFile(base, name), moduleFile(base, `${name}.__init__`)]) gap(f);
      }
    }
  }
  return result;
}

function moduleFile(base: string, dotted: string): string {
  return (base === '' ? '' : `${base}/`) + dotted.split('.').join('/') + '.py';
}

/** The member a dotted module names, and the `__init__.py` of each package above it. */
function modulePath(texts: ReadonlyMap<string, string>, bases: readonly string[], dotted: string): string[] {
  for (const base of bases) {
    const parts = dotted.split('.');
    const found: string[] = [];
    let dir = base;
    for (let i = 0; i < parts.length; i++) {
      const stem = dir === '' ? (parts[i] ?? '') : `${dir}/${parts[i] ?? ''}`;
      if (texts.has(`${stem}/__init__.py`)) found.push(`${stem}/__init__.py`);
      else if (i === parts.length - 1 && texts.has(`${stem}.py`)) found.push(`${stem}.py`);
      else break;
      dir = stem;
    }
    if (found.length === parts.length) return found;
  }
  return [];
}

function resolve(texts: ReadonlyMap<string, string>, bases: readonly string[], dotted: string): string | undefined {
  return modulePath(texts, bases, dotted).pop();
}
