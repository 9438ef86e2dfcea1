import semver from 'semver';
import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { Location, Severity } from '../../../core/types.ts';
import { errorMessage } from '../../../core/errors.ts';
import { manifestLocation, nodeLocation } from '../../../deps/locate.ts';
import { registryConfig } from '../../../deps/registry-config.ts';
import { RegistryClient } from '../../../deps/registry/client.ts';
import type { Packument, VersionInfo } from '../../../deps/registry/client.ts';
import { HttpError } from '../../../deps/registry/http.ts';
import { classifySpec } from '../../../deps/source.ts';
import { shown } from '../../../deps/text.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';

const MAX_LOOKUPS = 300;
const DAY = 86_400_000;
const LIFECYCLE = ['preinstall', 'install', 'postinstall'] as const;

interface Target {
  name: string;
  version: string | undefined;
  direct: boolean;
  installScript: boolean;
  location: () => Location;
  via?: string[];
}

function previousVersion(doc: Packument, version: string): VersionInfo | undefined {
  const at = doc.time.get(version);
  let best: { v: VersionInfo; t: number } | undefined;
  for (const [v, info] of doc.versions) {
    if (v === version) continue;
    const t = doc.time.get(v)?.getTime();
    if (t === undefined || (at !== undefined && t >= at.getTime())) continue;
    if (!best || t > best.t) best = { v: info, t };
  }
  return best?.v;
}

function judge(ctx: RuleContext, t: Target, doc: Packument, days: number): void {
  const version = t.version ?? semver.maxSatisfying([...doc.versions.keys()], '*') ?? undefined;
  const info = version === undefined ? undefined : doc.versions.get(version);
  if (version === undefined || !info) return;
  const id = `${t.name}@${version}`;
  const via = t.via && t.via.length > 1 ? ` (required through ${t.via.slice(0, -1).join(' > ')})` : '';
  const reasons: string[] = [];
  let severity: Severity = 'info';
  const raise = (s: Severity): void => {
    const order: Severity[] = ['info', 'low', 'medium', 'high'];
    if (order.indexOf(s) > order.indexOf(severity)) severity = s;
  };
  const published = doc.time.get(version);
  const ageDays = published === undefined ? undefined : Math.floor((Date.now() - published.getTime()) / DAY);
  const fresh = ageDays !== undefined && ageDays < days;
  if (fresh) {
    reasons.push(`published ${ageDays === 0 ? 'today' : `${ageDays} day${ageDays === 1 ? '' : 's'} ago`}`);
    raise('medium');
  }
  if (doc.versions.size === 1) {
    reasons.push('the only version ever published');
    raise(fresh ? 'medium' : 'low');
  }
  const prev = previousVersion(doc, version);
  if (prev) {
    const before = new Set([...prev.maintainers, ...(prev.publisher ? [prev.publisher] : [])]);
    const newcomers = [...new Set([...info.maintainers, ...(info.publisher ? [info.publisher] : [])])].filter(m => !before.has(m));
    if (newcomers.length > 0 && before.size > 0) {
      reasons.push(`published by ${shown(newcomers.join(', '), 80)}, who did not maintain ${prev.version}`);
      raise('medium');
    }
    const added = LIFECYCLE.filter(s => info.scripts[s] !== undefined && prev.scripts[s] === undefined);
    if (added.length > 0) {
      const first = added[0] ?? 'postinstall';
      reasons.push(`adds a ${first} script (\`${shown(info.scripts[first] ?? '', 100)}\`) that ${prev.version} did not have`);
      raise('high');
    }
  }
  if (reasons.length === 0) return;
  if (fresh && doc.versions.size === 1 && LIFECYCLE.some(s => info.scripts[s] !== undefined)) raise('high');
  ctx.report({
    message: `${id}${via} is ${reasons.join('; ')}.`,
    location: t.location(),
    evidence: reasons.join('\n'),
    severity,
  });
}

export default defineRule({
  meta: {
    id: 'deps/new-package',
    severity: 'high',
    confidence: 'medium',
    description:
      'A dependency version is brand new, the only one ever published, published by a new maintainer, or adds an install script (online).',
    triggers: ['install'],
    online: true,
    since: '0.1.0',
  },
  async run(ctx) {
    const tree = depTree(ctx);
    const days = ctx.options.newPackageDays ?? 30;
    const targets = new Map<string, Target>();
    for (const n of tree.packages) {
      if (n.resolved !== undefined && classifySpec(n.resolved).kind !== 'tarball' && classifySpec(n.resolved).kind !== 'registry') continue;
      const key = `${n.name}@${n.version}`;
      if (!targets.has(key))
        targets.set(key, {
          name: n.name,
          version: n.version,
          direct: n.direct,
          installScript: n.hasInstallScript,
          location: () => nodeLocation(tree, n),
          via: requiredVia(n),
        });
    }
    const locked = new Set(tree.packages.map(p => p.name));
    for (const m of tree.manifests) {
      for (const d of m.deps) {
        if (locked.has(d.name) || classifySpec(d.spec).kind !== 'registry') continue;
        const pinned = semver.valid(d.spec) ?? undefined;
        targets.set(`${d.name}@${d.spec}`, {
          name: d.name,
          version: pinned,
          direct: true,
          installScript: false,
          location: () => manifestLocation(d),
        });
      }
    }
    const ordered = [...targets.values()].sort(
      (a, b) => Number(b.direct) - Number(a.direct) || Number(b.installScript) - Number(a.installScript),
    );
    if (ordered.length > MAX_LOOKUPS)
      ctx.note(
        `Registry metadata was checked for ${MAX_LOOKUPS} of ${ordered.length} packages (direct dependencies and those with install scripts first).`,
      );
    const client = new RegistryClient(ctx.options.registryUrl, ctx.options.cacheDir);
    const privateScopes = new Set(
      registryConfig(ctx)
        .registries.map(r => r.scope)
        .filter((s): s is string => s !== undefined),
    );
    const failures: string[] = [];
    let next = 0;
    const work = ordered.slice(0, MAX_LOOKUPS);
    const worker = async (): Promise<void> => {
      while (next < work.length) {
        const t = work[next++] as Target;
        try {
          judge(ctx, t, await client.packument(t.name), days);
        } catch (err) {
          if (err instanceof HttpError && err.status === 404 && !privateScopes.has(t.name.split('/')[0] ?? '')) {
            ctx.report({
              message: `${t.name} is not on the registry at ${shown(ctx.options.registryUrl)}: it can only come from another registry or source.`,
              location: t.location(),
              severity: 'medium',
            });
          } else failures.push(`${t.name}: ${errorMessage(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if (failures.length > 0)
      ctx.error(
        `registry metadata could not be read for ${failures.length} package${failures.length === 1 ? '' : 's'} (${shown(failures.slice(0, 3).join('; '), 400)})`,
      );
  },
});
