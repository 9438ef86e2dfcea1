import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { dirName, joinRel } from '../../../fs/path.ts';
import { MAX_FINDINGS_PER_FILE, manifestLocation, nodeLocation, redactingReporter } from '../../../deps/locate.ts';
import { classifySpec, isIpHost, isRegistryTarballUrl } from '../../../deps/source.ts';
import type { Source } from '../../../deps/source.ts';
import { hostOf, shown } from '../../../deps/text.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';
import { judgeIndex, judgePySource } from '../../../deps/python/judge.ts';
import { pyDeps } from '../../../deps/python/tree.ts';
import type { FindingInput, RuleContext } from '../../../core/rule.ts';

function judge(src: Source): { severity: Severity; what: string } | undefined {
  const host = src.target === undefined ? undefined : hostOf(src.target.replace(/^[\w.-]+@([\w.-]+):/, 'ssh://$1/'));
  const risky = src.insecure === true || (host !== undefined && isIpHost(host));
  switch (src.kind) {
    case 'git': {
      const fixed = !risky && onCodeHost(src.target ?? '', host) ? fixedRef(src) : undefined;
      if (fixed !== undefined)
        return {
          severity: 'low',
          what: `from the git repository ${shown(src.target ?? '')} on a well-known code host, fixed to ${fixed}; installing it runs its \`prepare\` script`,
        };
      return {
        severity: risky ? 'high' : 'medium',
        what: `from the git repository ${shown(src.target ?? '')}${src.unpinned === true ? ' with no commit pinned (it can change between installs)' : ''}, and installing it runs its \`prepare\` script`,
      };
    }
    case 'tarball':
      return {
        severity: risky ? 'high' : 'medium',
        what: `from the tarball URL ${shown(src.target ?? '')}${src.insecure === true ? ' over plain http' : ''}`,
      };
    case 'local':
    case 'registry':
    case 'workspace':
    case 'alias':
      return undefined;
  }
}

/** GitHub, GitLab, Bitbucket and Codeberg, by shorthand (`github:o/r`, `o/r`) or host. */
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);
function onCodeHost(target: string, host: string | undefined): boolean {
  return /^(?:github|gitlab|bitbucket):/.test(target) || (host !== undefined && CODE_HOSTS.has(host.toLowerCase()));
}

/**
 * What a git dependency is fixed to: one commit, or a release tag (`#v20.68.0`, `#semver:1.2.3`).
 * On a well-known code host that is the project's published code at that point, the way a
 * registry version is; a branch, a range or no ref can change under the same spec.
 */
function fixedRef(src: Source): string | undefined {
  const ref = /#(.*)$/.exec(src.target ?? '')?.[1] ?? '';
  if (src.unpinned === false) return `commit ${ref.replace(/^commit=/, '').slice(0, 12)}`;
  const tag = /^(?:semver:)?(v?\d+(?:\.\d+){1,3}(?:-[\w.]+)?)$/.exec(ref)?.[1];
  return tag === undefined ? undefined : `the release tag ${tag}`;
}

function insideRepo(root: string, target: string): boolean {
  return !target.startsWith('/') && !target.startsWith('~') && !/^[A-Za-z]:/.test(target) && joinRel(root, target) !== undefined;
}

export default defineRule({
  meta: {
    id: 'deps/url-source',
    severity: 'high',
    confidence: 'high',
    description:
      'A dependency comes from a git repository, a tarball URL or a local path outside the repository instead of the registry, or a Python index setting sends installs to another server.',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const tree = depTree(ctx);
    const report = redactingReporter(ctx, tree);
    const reported = new Set<string>();
    for (const m of tree.manifests) {
      for (const d of m.deps) {
        if (d.section === 'peerDependencies') continue;
        const src = classifySpec(d.spec);
        if (src.kind === 'local') {
          if (!insideRepo(m.root, src.target ?? '')) {
            report({
              message: `${d.name} in ${m.file} is installed from ${shown(d.spec)}, a path outside this repository: what it installs depends on your machine, not on the repository.`,
              location: manifestLocation(d),
              evidence: `"${d.name}": "${shown(d.spec)}"`,
              severity: 'medium',
            });
          }
          continue;
        }
        const verdict = judge(src);
        if (!verdict) continue;
        reported.add(`${m.root}\u0000${d.name}`);
        report({
          message: `${d.name} in ${m.file} is not from the registry: it is installed ${verdict.what}.`,
          location: manifestLocation(d),
          evidence: `"${d.name}": "${shown(d.spec)}"`,
          severity: verdict.severity,
        });
      }
    }
    const perFile = new Map<string, number>();
    for (const node of tree.packages) {
      if (node.resolved === undefined || (node.direct && reported.has(`${node.root}\u0000${node.name}`))) continue;
      const src = classifySpec(node.resolved);
      if (src.kind === 'tarball' && isRegistryTarballUrl(node.resolved)) continue;
      if (src.kind === 'local' && insideRepo(node.root, src.target ?? '')) continue;
      const verdict =
        src.kind === 'local'
          ? { severity: 'medium' as Severity, what: `from ${shown(node.resolved)}, outside this repository` }
          : judge(src);
      if (!verdict) continue;
      // A published package's own git dependency, fixed to one commit over a secure transport: its
      // code is what that package was published with; the repository chose only the package.
      if (!node.direct && src.kind === 'git' && src.unpinned === false && verdict.severity === 'medium') verdict.severity = 'low';
      const n = (perFile.get(node.lockfile) ?? 0) + 1;
      perFile.set(node.lockfile, n);
      if (n > MAX_FINDINGS_PER_FILE) continue;
      const via = requiredVia(node);
      report({
        message: `${node.name}${via.length > 1 ? ` (required through ${via.slice(0, -1).join(' > ')})` : ''} is not from the registry: it is installed ${verdict.what}.`,
        location: nodeLocation(tree, node),
        evidence: shown(node.resolved, 200),
        severity: verdict.severity,
      });
    }
    for (const [file, n] of perFile) {
      if (n > MAX_FINDINGS_PER_FILE) {
        report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more dependencies from git, tarball or local sources than are listed.`,
          location: { file },
          severity: 'medium',
        });
      }
    }
    python(ctx, report);
  },
});

/** Python requirements from URLs, version control or paths outside the repository, and index overrides. */
function python(ctx: RuleContext, report: (f: FindingInput) => void): void {
  const py = pyDeps(ctx);
  const perFile = new Map<string, number>();
  const capped = (file: string): boolean => {
    const n = (perFile.get(file) ?? 0) + 1;
    perFile.set(file, n);
    return n > MAX_FINDINGS_PER_FILE;
  };
  const seen = new Set<string>();
  for (const d of py.deps) {
    if (d.source.kind === 'index') continue;
    const target = d.source.target ?? '';
    const inside = d.source.kind === 'local' && insideRepo(dirName(d.file), target);
    const verdict = judgePySource(d.source, inside);
    if (!verdict) continue;
    const key = `${d.canonical}\u0000${target}`;
    if (seen.has(key) || capped(d.file)) continue;
    seen.add(key);
    const who = d.name === '' ? 'A requirement' : d.name;
    report({
      message: `${who} in ${d.file} is not from PyPI: ${d.editable === true ? 'it is installed in editable mode ' : 'it is installed '}${verdict.what}.`,
      location: d.line === undefined ? { file: d.file } : { file: d.file, line: d.line },
      evidence: shown(d.spec, 200),
      severity: verdict.severity,
    });
  }
  for (const o of py.outside) {
    if (capped(o.file)) continue;
    report({
      message: `${o.file} includes ${shown(o.target)}, a requirements file outside this repository: what it installs depends on your machine.`,
      location: { file: o.file, line: o.line },
      evidence: shown(o.target),
      severity: 'medium',
    });
  }
  const seenIndex = new Set<string>();
  const lockLast = [...py.indexes.filter(i => i.option !== 'lock-source'), ...py.indexes.filter(i => i.option === 'lock-source')];
  for (const i of lockLast) {
    const verdict = judgeIndex(i.option, i.url, i.primary, i.noVerify === true, path => insideRepo(dirName(i.file), path));
    if (!verdict) continue;
    const url = i.url.replace(/\/+$/, '');
    if (i.option === 'lock-source' && seenIndex.has(url)) continue;
    if (seenIndex.has(`${i.option}\u0000${url}`) || capped(i.file)) continue;
    seenIndex.add(`${i.option}\u0000${url}`);
    seenIndex.add(url);
    report({
      message: `${i.file} ${verdict.what}.`,
      location: i.line === undefined ? { file: i.file } : { file: i.file, line: i.line },
      evidence:
        i.option === 'source' || i.option === 'lock-source'
          ? shown(i.url, 200)
          : `--${i.option === 'requirement-url' ? 'requirement' : i.option} ${shown(i.url, 200)}`,
      severity: verdict.severity,
    });
  }
  for (const [file, n] of perFile) {
    if (n > MAX_FINDINGS_PER_FILE)
      report({
        message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more Python packages or index settings outside PyPI than are listed.`,
        location: { file },
        severity: 'medium',
      });
  }
}
