import { errorMessage } from '../../../core/errors.ts';
import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { registryStanding, resemblanceSeverity } from '../../../core/policy.ts';
import type { RegistryFacts } from '../../../core/policy.ts';
import type { Location } from '../../../core/types.ts';
import { installedPackages } from '../../../deps/installed.ts';
import { MAX_FINDINGS_PER_FILE, manifestLocation, nodeLocation } from '../../../deps/locate.ts';
import { RegistryClient } from '../../../deps/registry/client.ts';
import { HttpError } from '../../../deps/registry/http.ts';
import { classifySpec } from '../../../deps/source.ts';
import { shown } from '../../../deps/text.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';
import { findTyposquat, pypiPopularIndex } from '../../../deps/typosquat.ts';
import { pyDeps } from '../../../deps/python/tree.ts';
import type { Squat } from '../../../deps/typosquat.ts';

const HOW: Record<Squat['kind'], string> = {
  swapped: 'two letters swapped',
  doubled: 'a letter doubled',
  dropped: 'a letter dropped',
  substituted: 'one letter changed',
  added: 'a letter added',
  separator: 'different separators',
  scope: 'the scope moved into the name or out of it',
  suffix: 'an extra prefix or suffix',
};

interface Candidate {
  name: string;
  squat: Squat;
  direct: boolean;
  location: Location;
  installScript: boolean;
  /** The version a lockfile or node_modules holds, when one does. */
  version?: string;
  via?: string[];
}

interface Standing {
  standing: ReturnType<typeof registryStanding>;
  /** The version Airlock checked runs an install script, by the registry's record. */
  installScript: boolean;
  /** "first published 12 days ago, 40 downloads last week, 1 version, 1 maintainer". */
  facts: string;
}

const DAY = 86_400_000;
const MAX_LOOKUPS = 100;

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `--online`: the registry's record of each candidate (first publish, versions, maintainers, the
 * install scripts of the version in use) and its weekly downloads. A name the registry does not
 * know, or a look-up that fails, keeps the offline judgement (deps/new-package reports a package
 * missing from the registry; failures go to the report's errors).
 */
async function lookUp(ctx: RuleContext, candidates: Candidate[]): Promise<Map<string, Standing>> {
  const out = new Map<string, Standing>();
  const client = new RegistryClient(ctx.options.registryUrl, ctx.options.cacheDir);
  const failures: string[] = [];
  const work = candidates.slice(0, MAX_LOOKUPS);
  if (candidates.length > MAX_LOOKUPS)
    ctx.note(`Registry metadata was checked for ${MAX_LOOKUPS} of ${candidates.length} typo-like package names.`);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const c = work[next++] as Candidate;
      try {
        const [doc, weekly] = await Promise.all([client.packument(c.name), client.weeklyDownloads(ctx.options.downloadsUrl, c.name)]);
        const version = c.version !== undefined && doc.versions.has(c.version) ? c.version : doc.latest;
        const info = version === undefined ? undefined : doc.versions.get(version);
        const installScript = info !== undefined && INSTALL.some(k => info.scripts[k] !== undefined);
        const facts: RegistryFacts = { versions: doc.versions.size, maintainers: doc.maintainers.length };
        if (doc.created !== undefined) facts.ageDays = Math.max(0, Math.floor((Date.now() - doc.created.getTime()) / DAY));
        if (weekly !== undefined) facts.weeklyDownloads = weekly;
        const said = [
          facts.ageDays === undefined
            ? undefined
            : `first published ${facts.ageDays === 0 ? 'today' : `${plural(facts.ageDays, 'day')} ago`}`,
          weekly === undefined ? undefined : `${plural(weekly, 'download')} last week`,
          plural(facts.versions, 'version'),
          plural(facts.maintainers, 'maintainer'),
          installScript && !c.installScript ? `an install script in ${version ?? 'its latest version'}` : undefined,
        ].filter((x): x is string => x !== undefined);
        out.set(c.name, { standing: registryStanding(facts), installScript, facts: said.join(', ') });
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 404)) failures.push(`${c.name}: ${errorMessage(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  if (failures.length > 0)
    ctx.error(
      `registry metadata could not be read for ${plural(failures.length, 'typo-like package')} (${shown(failures.slice(0, 3).join('; '), 400)}); they were judged by name only`,
    );
  return out;
}

const STRONG = new Set<Squat['kind']>(['swapped', 'doubled', 'dropped', 'substituted', 'added']);
const INSTALL = ['preinstall', 'install', 'postinstall'];

export default defineRule({
  meta: {
    id: 'deps/typosquat',
    severity: 'high',
    confidence: 'medium',
    description: 'A dependency whose name is a near miss of a popular package (typo, separator or scope confusion, added suffix).',
    triggers: ['install'],
    since: '0.1.0',
  },
  async run(ctx) {
    const tree = depTree(ctx);
    const checked = new Map<string, Squat | undefined>();
    const squat = (name: string): Squat | undefined => {
      if (!checked.has(name)) checked.set(name, findTyposquat(name));
      return checked.get(name);
    };
    const installs = new Set<string>();
    for (const node of tree.packages) if (node.hasInstallScript) installs.add(node.name);
    for (const p of installedPackages(ctx)) if (INSTALL.some(k => p.scripts.has(k))) installs.add(p.name);
    const candidates = new Map<string, Candidate>();
    const add = (name: string, s: Squat, direct: boolean, location: Location, version?: string, via?: string[]): void => {
      if (candidates.has(name)) return;
      candidates.set(name, {
        name,
        squat: s,
        direct,
        location,
        installScript: installs.has(name),
        ...(version !== undefined ? { version } : {}),
        ...(via ? { via } : {}),
      });
    };
    for (const m of tree.manifests) {
      for (const d of m.deps) {
        const src = classifySpec(d.spec);
        const names = [d.name];
        if (src.kind === 'alias' && src.target !== undefined) names.push(src.target.replace(/@[^@]*$/, '') || src.target);
        for (const n of names) {
          const s = squat(n);
          if (s) add(n, s, true, manifestLocation(d));
        }
      }
    }
    const perFile = new Map<string, number>();
    for (const node of tree.packages) {
      const s = squat(node.name);
      if (!s || candidates.has(node.name)) continue;
      const n = (perFile.get(node.lockfile) ?? 0) + 1;
      perFile.set(node.lockfile, n);
      if (n > MAX_FINDINGS_PER_FILE) continue;
      add(node.name, s, node.direct, nodeLocation(tree, node), node.version, requiredVia(node));
    }
    for (const p of installedPackages(ctx)) {
      const s = squat(p.name);
      if (s && !candidates.has(p.name))
        add(p.name, s, false, { file: p.manifest }, p.version === '' ? undefined : p.version, [shown(p.dir), p.name]);
    }
    // Candidates that carry the lockfile's version get it filled in from the manifest side too.
    for (const node of tree.packages) {
      const c = candidates.get(node.name);
      if (c && c.version === undefined) c.version = node.version;
    }
    const standing = ctx.options.online ? await lookUp(ctx, [...candidates.values()]) : new Map<string, Standing>();
    for (const c of candidates.values()) {
      const seen = standing.get(c.name);
      const installScript = c.installScript || seen?.installScript === true;
      const severity = resemblanceSeverity({
        strong: STRONG.has(c.squat.kind),
        rank: c.squat.rank,
        direct: c.direct,
        installScript,
        ...(seen ? { obscure: seen.standing === 'obscure', established: seen.standing === 'established' } : {}),
      });
      if (severity === undefined) continue;
      const s = c.squat;
      const via = c.via && c.via.length > 1 ? `; it is required through ${c.via.slice(0, -1).join(' > ')}` : '';
      const registry = seen ? `; the registry shows ${seen.facts}` : '';
      ctx.report({
        message: `${c.name} looks like a typo of the popular package ${s.target} (${HOW[s.kind]})${via}${c.installScript ? '; it runs an install script' : ''}${registry}.`,
        location: c.location,
        evidence: seen ? `${c.name} ≈ ${s.target}\n${seen.facts}` : `${c.name} ≈ ${s.target}`,
        severity,
      });
    }
    for (const [file, n] of perFile) {
      if (n > MAX_FINDINGS_PER_FILE)
        ctx.report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more typo-like package names than are listed.`,
          location: { file },
          severity: 'medium',
        });
    }
    // PyPI names, in their PEP 503 form, against the PyPI list; declarations before lockfiles.
    const py = pyDeps(ctx);
    const pyReported = new Set<string>();
    const pyPerFile = new Map<string, number>();
    for (const d of [...py.deps.filter(x => !x.locked), ...py.deps.filter(x => x.locked)]) {
      if (d.canonical === '' || pyReported.has(d.canonical) || d.source.kind === 'local') continue;
      const s = findTyposquat(d.canonical, pypiPopularIndex());
      if (!s) continue;
      pyReported.add(d.canonical);
      const n = (pyPerFile.get(d.file) ?? 0) + 1;
      pyPerFile.set(d.file, n);
      if (n > MAX_FINDINGS_PER_FILE) continue;
      ctx.report({
        message: `${d.name} looks like a typo of the popular PyPI project ${s.target} (${HOW[s.kind]})${d.locked ? `; ${d.file} installs it` : ''}.`,
        location: d.line === undefined ? { file: d.file } : { file: d.file, line: d.line },
        evidence: `${d.name} ≈ ${s.target}`,
        severity: resemblanceSeverity({ strong: STRONG.has(s.kind), rank: s.rank, direct: !d.locked, installScript: false }) ?? 'low',
      });
    }
    for (const [file, n] of pyPerFile) {
      if (n > MAX_FINDINGS_PER_FILE)
        ctx.report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more typo-like PyPI names than are listed.`,
          location: { file },
          severity: 'medium',
        });
    }
  },
});
