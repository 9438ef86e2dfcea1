import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { pyDeps } from '../../../deps/python/tree.ts';
import type { PyDeps } from '../../../deps/python/tree.ts';
import { pythonArchives } from '../../../analysis/py/sdist.ts';

/** Requirements files nobody includes (what a README's `pip install -r` names), constraints aside. */
function roots(py: PyDeps): string[] {
  const included = new Set(py.includes.map(i => i.to));
  return py.files
    .filter(f => f.format === 'requirements' && !included.has(f.file) && !/constraint/i.test(baseName(f.file)))
    .map(f => f.file);
}

/** The files `pip install -r root` reads: itself and its includes, breadth-first. */
function closure(py: PyDeps, root: string): string[] {
  const seen = [root];
  for (let i = 0; i < seen.length; i++) {
    for (const e of py.includes) if (e.from === seen[i] && !seen.includes(e.to)) seen.push(e.to);
  }
  return seen;
}

/** What installing a local path builds: its setup.py, else its pyproject.toml, else the file (a wheel). */
function buildFile(ctx: RuleContext, dir: string): string | undefined {
  const entry = ctx.inventory.byPath.get(dir);
  if (entry?.type === 'file') return dir;
  for (const name of ['setup.py', 'pyproject.toml', 'setup.cfg']) {
    const p = dir === '' ? name : `${dir}/${name}`;
    if (ctx.inventory.byPath.get(p)?.type === 'file') return p;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'autorun/pip-requirements',
    severity: 'info',
    confidence: 'high',
    description:
      '`pip install -r requirements.txt` on the execution map: the requirements files it reads, and the local packages it builds (`-e .`, `./libs/x`), whose build code runs on install.',
    triggers: ['install'],
    phase: 'map',
    since: '0.1.0',
  },
  async run(ctx) {
    const py = pyDeps(ctx);
    const archives = await pythonArchives(ctx);
    for (const root of roots(py)) {
      const files = closure(py, root);
      const inClosure = new Set(files);
      const builds: { spec: string; file: string; line: number | undefined; builds: string }[] = [];
      for (const d of py.deps) {
        if (d.format !== 'requirements' || !inClosure.has(d.file) || d.source.kind !== 'local') continue;
        const target = d.source.target ?? '';
        const dir = /^(?:\/|~|[A-Za-z]:[\\/])/.test(target) ? undefined : joinRel(dirName(d.file), target.replace(/\/+$/, ''));
        const built = dir === undefined ? undefined : buildFile(ctx, dir);
        if (built !== undefined && !builds.some(b => b.builds === built))
          builds.push({ spec: d.spec, file: d.file, line: d.line, builds: built });
      }
      const reaches = [...files.slice(1), ...builds.flatMap(b => [b.builds, ...(archives.get(b.builds)?.runs.keys() ?? [])])];
      const surface = ctx.addSurface({
        trigger: 'install',
        kind: 'pip-requirements',
        location: { file: root, line: 1 },
        command: `pip install -r ${root}`,
        name: baseName(root),
        reaches,
      });
      for (const b of builds) {
        const archive = archives.get(b.builds);
        if (archive?.entry !== undefined) {
          ctx.report({
            message: `\`${surface.command ?? ''}\` builds ${b.builds}, a package archive committed to the repository (\`${b.spec}\` in ${b.file}): pip unpacks it and runs ${archive.entry.slice(b.builds.length + 1)} as Python on install.`,
            location: b.line === undefined ? { file: b.file } : { file: b.file, line: b.line },
            evidence: b.spec,
            runs: { trigger: 'install', files: [...archive.runs.keys()] },
          });
          continue;
        }
        // A setup.py is the repository's own code run by the install; a pyproject.toml is built by its
        // backend (autorun/python-packaging follows in-tree ones), a wheel runs nothing on install.
        if (baseName(b.builds) !== 'setup.py') continue;
        ctx.report({
          message: `\`${surface.command ?? ''}\` builds ${b.builds} from this repository (\`${b.spec}\` in ${b.file}): its setup.py runs as Python on install.`,
          location: b.line === undefined ? { file: b.file } : { file: b.file, line: b.line },
          evidence: b.spec,
          runs: { trigger: 'install', files: [b.builds] },
        });
      }
    }
  },
});
