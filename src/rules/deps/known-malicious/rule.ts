import semver from 'semver';
import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Location } from '../../../core/types.ts';
import { loadDb, matchAdvisories } from '../../../deps/advisories/db.ts';
import type { Advisory, AdvisoryDb } from '../../../deps/advisories/db.ts';
import { installedPackages } from '../../../deps/installed.ts';
import { manifestLocation, nodeLocation } from '../../../deps/locate.ts';
import { classifySpec } from '../../../deps/source.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';
import { pyDeps } from '../../../deps/python/tree.ts';
import type { PyDeps } from '../../../deps/python/tree.ts';
import type { EcosystemSummary } from '../../../core/types.ts';

const DAY = 86_400_000;

function describe(a: Advisory): string {
  const when = a.published === undefined ? '' : `, reported ${a.published.slice(0, 10)}`;
  return `${a.id}${when}${a.summary === undefined ? '' : `: ${a.summary}`}`;
}

function summarise(ctx: RuleContext, db: AdvisoryDb): number | undefined {
  if (db.cacheError !== undefined)
    ctx.note(`The known-malicious package database could not be read (${db.cacheError}); only the built-in seed list was used.`);
  if (!db.fetchedAt) {
    ctx.note(
      'Known-malicious packages were checked against the built-in seed list only: run `airlock db update` to download the OSV malicious-package database.',
    );
    return undefined;
  }
  const age = Math.max(0, Math.floor((Date.now() - db.fetchedAt.getTime()) / DAY));
  ctx.note(
    `Known-malicious packages were checked against the OSV database downloaded ${db.fetchedAt.toISOString().slice(0, 10)} (${age} day${age === 1 ? '' : 's'} old${age > 7 ? '; run `airlock db update` to refresh it' : ''}).`,
  );
  return age;
}

export default defineRule({
  meta: {
    id: 'deps/known-malicious',
    severity: 'critical',
    confidence: 'high',
    description: 'A dependency is a package known to be malicious (OSV MAL- records and the seed list from the threat catalogue).',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const tree = depTree(ctx);
    const installed = installedPackages(ctx);
    const py = pyDeps(ctx);
    const hasNpm = tree.manifests.length > 0 || tree.lockfiles.length > 0 || installed.length > 0;
    if (!hasNpm && py.files.length === 0) return;
    const db = loadDb(ctx.options.cacheDir);
    const age = summarise(ctx, db);
    const npm: EcosystemSummary = {
      ecosystem: 'npm',
      files: [...tree.manifests.map(m => m.file), ...tree.lockfiles.map(l => l.file)],
      packages: new Set(tree.packages.map(p => `${p.name}@${p.version}`)).size,
      direct: tree.directNames.size,
    };
    const pypi = pythonSummary(py);
    ctx.setSection('dependencies', {
      lockfiles: [...tree.lockfiles.map(l => l.file), ...py.files.filter(f => f.format.endsWith('-lock')).map(f => f.file)],
      packages: npm.packages + pypi.packages,
      direct: npm.direct + pypi.direct,
      withInstallScripts: new Set([
        ...tree.packages.filter(p => p.hasInstallScript).map(p => `${p.name}@${p.version}`),
        ...installed.filter(p => ['preinstall', 'install', 'postinstall'].some(s => p.scripts.has(s))).map(p => `${p.name}@${p.version}`),
      ]).size,
      ecosystems: [...(hasNpm ? [npm] : []), ...(py.files.length > 0 ? [pypi] : [])],
      ...(age === undefined ? {} : { advisoryDbAgeDays: age }),
    });
    const reported = new Set<string>();
    const report = (name: string, version: string | undefined, location: () => Location, hits: Advisory[], via?: string[]): void => {
      const key = `${name}@${version ?? ''}`;
      if (hits.length === 0 || reported.has(key)) return;
      reported.add(key);
      const first = hits[0] as Advisory;
      const lowConfidence = hits.every(h => h.summary?.includes('low-confidence') === true);
      ctx.report({
        message: `${name}${version ? `@${version}` : ''} is a known malicious package (${describe(first)})${via && via.length > 1 ? `; it is required through ${via.slice(0, -1).join(' > ')}` : ''}. Do not install this repository's dependencies.`,
        location: location(),
        evidence: hits.map(h => `${h.id} (${h.source})`).join(', '),
        confidence: lowConfidence ? 'medium' : 'high',
      });
    };
    for (const node of tree.packages) {
      const hits = matchAdvisories(db, node.name, node.version);
      if (hits.length > 0) report(node.name, node.version, () => nodeLocation(tree, node), hits, requiredVia(node));
    }
    const locked = new Set(tree.packages.map(p => `${p.root}\u0000${p.name}`));
    for (const m of tree.manifests) {
      for (const d of m.deps) {
        if (locked.has(`${m.root}\u0000${d.name}`)) continue;
        const src = classifySpec(d.spec);
        const name = src.kind === 'alias' && src.target !== undefined ? src.target.replace(/@[^@]*$/, '') || src.target : d.name;
        const pinned = semver.valid(d.spec) ?? undefined;
        report(name, pinned, () => manifestLocation(d), matchAdvisories(db, name, pinned));
      }
    }
    for (const p of installed) report(p.name, p.version, () => ({ file: p.manifest }), matchAdvisories(db, p.name, p.version));
    const pyReported = new Set<string>();
    for (const d of py.deps) {
      if (d.canonical === '' || d.source.kind === 'local') continue;
      const key = `${d.canonical}@${d.version ?? ''}`;
      if (pyReported.has(key)) continue;
      const hits = matchAdvisories(db, d.canonical, d.version, 'PyPI');
      if (hits.length === 0) continue;
      pyReported.add(key);
      const first = hits[0] as Advisory;
      ctx.report({
        message: `${d.name}${d.version === undefined ? '' : `==${d.version}`} in ${d.file} is a known malicious PyPI package (${describe(first)}). Do not install this repository's Python dependencies.`,
        location: d.line === undefined ? { file: d.file } : { file: d.file, line: d.line },
        evidence: hits.map(h => `${h.id} (${h.source})`).join(', '),
        confidence: hits.every(h => h.summary?.includes('low-confidence') === true) ? 'medium' : 'high',
      });
    }
  },
});

function pythonSummary(py: PyDeps): EcosystemSummary {
  const named = py.deps.filter(d => d.canonical !== '');
  return {
    ecosystem: 'pypi',
    files: py.files.map(f => f.file),
    packages: new Set(named.map(d => d.canonical)).size,
    direct: new Set(named.filter(d => !d.locked).map(d => d.canonical)).size,
  };
}
