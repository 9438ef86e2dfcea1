import semver from 'semver';
import { defineRule } from '../../../core/rule.ts';
import type { FindingInput, RuleContext } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { MAX_FINDINGS_PER_FILE, manifestLocation, nodeLocation, redactingReporter } from '../../../deps/locate.ts';
import { isWellKnownRegistryHost, registryConfig } from '../../../deps/registry-config.ts';
import { classifySpec, isIpHost, isRegistryTarballUrl } from '../../../deps/source.ts';
import { hasCredentials, hostOf, lineOf, shown } from '../../../deps/text.ts';
import { depTree } from '../../../deps/tree.ts';
import type { DepNode, DepTree, LockfileInfo } from '../../../deps/tree.ts';

type Report = (finding: FindingInput) => void;

/** Problems where the lockfile gives two answers for one package. */
const CONFLICT = /\bin `packages` but\b|different integrity hashes/;
const VALID_NAME = /^(?:@[a-z0-9~][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*$/i;

function judgeRegistryConfig(ctx: RuleContext, report: Report): void {
  const cfg = registryConfig(ctx);
  for (const r of cfg.registries) {
    const host = hostOf(r.url);
    const where = r.scope === undefined ? 'every package' : `packages under ${r.scope}`;
    const location = r.line === undefined ? { file: r.file } : { file: r.file, line: r.line };
    const url = shown(r.url);
    if (host === undefined) {
      report({
        message: `${r.file} sets the registry for ${where} to ${url}, which is not a URL.`,
        location,
        evidence: url,
        severity: 'medium',
      });
      continue;
    }
    const insecure = /^http:/i.test(r.url);
    let severity: Severity;
    let why: string;
    if (insecure || isIpHost(host)) {
      severity = 'high';
      why = insecure ? 'over plain http, so anyone on the network can swap the packages' : 'a bare IP address';
    } else if (isWellKnownRegistryHost(host, ctx.options.registryUrl)) {
      severity = 'info';
      why = 'a well-known registry';
    } else if (r.scope === undefined) {
      severity = 'high';
      why = 'a host that is not the public registry: every dependency, including ones named like popular packages, comes from there';
    } else {
      severity = 'low';
      why = 'a private registry for that scope only';
    }
    report({ message: `${r.file} makes npm/yarn download ${where} from ${host} (${why}).`, location, evidence: url, severity });
  }
  for (const t of cfg.weakTls) {
    report({
      message: `${t.file} turns off TLS certificate checks (\`${t.setting}\`): a network attacker can serve any package.`,
      location: t.line === undefined ? { file: t.file } : { file: t.file, line: t.line },
      evidence: t.setting,
      severity: 'medium',
    });
  }
  for (const t of cfg.tokens) {
    report({
      message: `${t.file} contains a registry credential (\`${t.setting}\`); it is not shown here.`,
      location: t.line === undefined ? { file: t.file } : { file: t.file, line: t.line },
      severity: 'low',
    });
  }
}

function judgeLockfile(ctx: RuleContext, tree: DepTree, lf: LockfileInfo, report: Report): void {
  // An unread lockfile is reported where the tree is built (a gap for scan/incomplete-analysis).
  if (lf.unreadable !== undefined) return;
  if (lf.badBytes === true) {
    report({
      message: `${lf.file} contains bytes that are not valid text; package managers write plain UTF-8, so it was edited or crafted.`,
      location: { file: lf.file },
      severity: 'medium',
    });
  }
  if (lf.problems.length > 0) {
    // Two answers for one package (versions, hashes) is a contradiction worth reading; entries
    // missing from one side are what hand edits and old tools leave behind.
    const conflicting = lf.problems.some(p => CONFLICT.test(p));
    report({
      message: `${lf.file} contradicts itself (${lf.problems.length} problem${lf.problems.length === 1 ? '' : 's'}), so different tools install different packages: ${shown(lf.problems[0] ?? '', 200)}.`,
      location: { file: lf.file },
      evidence: lf.problems
        .slice(0, 5)
        .map(p => shown(p, 200))
        .join('\n'),
      severity: conflicting ? 'medium' : 'low',
    });
  }
  let count = 0;
  let sha1 = 0;
  let missing = 0;
  const over = (): boolean => ++count > MAX_FINDINGS_PER_FILE;
  /** Registry-shaped tarballs from a host other than a well-known registry, by host. */
  const mirrored = new Map<string, DepNode[]>();
  for (const node of tree.packages) {
    if (node.lockfile !== lf.file) continue;
    if (!VALID_NAME.test(node.name) || node.name.includes('..')) {
      if (!over()) {
        report({
          message: `${lf.file} has an entry named ${JSON.stringify(shown(node.name, 80))}, which is not a valid package name${node.name.includes('..') ? ' and would be installed outside node_modules' : ''}.`,
          location: nodeLocation(tree, node),
          evidence: shown(node.key, 200),
          severity: node.name.includes('..') || node.name.includes('\\') ? 'high' : 'medium',
        });
      }
      continue;
    }
    const resolved = node.resolved;
    if (resolved !== undefined && hasCredentials(resolved) && !over()) {
      report({
        message: `${node.name} in ${lf.file} is downloaded with credentials embedded in its URL (redacted here).`,
        location: nodeLocation(tree, node),
        evidence: shown(resolved),
        severity: 'medium',
      });
    }
    const src = resolved === undefined ? undefined : classifySpec(resolved);
    if (resolved !== undefined && src?.kind === 'tarball' && isRegistryTarballUrl(resolved)) {
      const host = hostOf(resolved) ?? '';
      if (!isWellKnownRegistryHost(host, ctx.options.registryUrl)) {
        const list = mirrored.get(host) ?? [];
        list.push(node);
        mirrored.set(host, list);
      }
    }
    const registryPkg = src === undefined || src.kind === 'registry' || (src.kind === 'tarball' && isRegistryTarballUrl(resolved ?? ''));
    if (lf.format === 'yarn-berry') continue;
    if (node.integrity === undefined) {
      if (registryPkg) missing++;
      else if (src.kind === 'tarball' && !over()) {
        report({
          message: `${node.name} in ${lf.file} is a tarball download with no integrity hash: whatever the server sends is installed.`,
          location: nodeLocation(tree, node),
          evidence: shown(resolved ?? ''),
          severity: 'medium',
        });
      }
    } else if (!/sha(?:256|384|512)-/.test(node.integrity)) sha1++;
  }
  for (const [host, nodes] of mirrored) judgeMirror(tree, lf, host, nodes, report);
  if (count > MAX_FINDINGS_PER_FILE) {
    report({
      message: `${lf.file} has ${count - MAX_FINDINGS_PER_FILE} more anomalous entries than are listed.`,
      location: { file: lf.file },
      severity: 'medium',
    });
  }
  if (missing > 0 && lf.format !== 'bun') {
    report({
      message: `${missing} registry package${missing === 1 ? '' : 's'} in ${lf.file} have no integrity hash, so a changed tarball would install unnoticed.`,
      location: { file: lf.file },
      severity: 'low',
    });
  }
  if (sha1 > 0) {
    report({
      message: `${sha1} package${sha1 === 1 ? ' is' : 's are'} pinned in ${lf.file} only by a weak sha1 hash.`,
      location: { file: lf.file },
      severity: 'low',
    });
  }
  judgeAgainstManifest(tree, lf, report);
}

const HASH = /^sha\d+-/;

/**
 * The packages of one lockfile that come from one host other than a well-known registry, as one
 * fact. Each tarball is pinned by its hash, so the host can serve only those bytes; what the hash
 * (sha1 or stronger; a weak sha1 is reported for the whole lockfile) does not say is whether
 * they are the registry's. Where the repository's lockfiles also take the
 * same version from a well-known registry, the hashes are compared: the same bytes show a mirror
 * (a company proxy, a registry cache), different bytes show a substitution. A host serving most
 * of its packages with the registry's bytes and none with others is a mirror: `low`. Entries
 * without a hash, or too few to compare, leave it `medium`; a disagreement, plain http or a
 * bare IP address is `high`.
 */
function judgeMirror(tree: DepTree, lf: LockfileInfo, host: string, nodes: DepNode[], report: Report): void {
  const published = new Map<string, string>();
  for (const p of tree.packages) {
    if (p.integrity === undefined || p.resolved === undefined) continue;
    const src = classifySpec(p.resolved);
    const fromRegistry = src.kind === 'registry' || (src.kind === 'tarball' && isWellKnownRegistryHost(hostOf(p.resolved) ?? '', ''));
    if (fromRegistry) published.set(`${p.name}@${p.version}`, p.integrity);
  }
  let unhashed = 0;
  let same = 0;
  const differs: DepNode[] = [];
  for (const n of nodes) {
    if (n.integrity === undefined || !HASH.test(n.integrity)) {
      unhashed++;
      continue;
    }
    const theirs = published.get(`${n.name}@${n.version}`);
    if (theirs === undefined) continue;
    const agree = sameHash(theirs, n.integrity);
    if (agree === true) same++;
    else if (agree === false) differs.push(n);
  }
  const first = nodes[0];
  if (!first) return;
  const insecure = nodes.some(n => /^http:/i.test(n.resolved ?? ''));
  const risky = insecure || isIpHost(host);
  const line = first.resolved === undefined || lf.text === undefined ? undefined : lineOf(lf.text, first.resolved);
  const location = line === undefined ? nodeLocation(tree, first) : { file: lf.file, line };
  const what =
    nodes.length === 1
      ? `${first.name}@${first.version} in ${lf.file} is downloaded from ${host}`
      : `${nodes.length} packages in ${lf.file} (${nodes
          .slice(0, 3)
          .map(n => `${n.name}@${n.version}`)
          .join(', ')}${nodes.length > 3 ? ', …' : ''}) are downloaded from ${host}`;
  let severity: Severity;
  let why: string;
  if (differs.length > 0) {
    const d = differs[0];
    severity = 'high';
    why = `, and ${d ? `${d.name}@${d.version}` : 'a package'} has a different hash there than the public registry's copy of the same version elsewhere in this repository: other bytes under a published name`;
  } else if (risky) {
    severity = 'high';
    why = insecure ? ', over plain http' : ', a bare IP address';
  } else if (unhashed === 0 && same > 0 && same * 2 >= nodes.length) {
    severity = 'low';
    why = `: a registry mirror. Every one is pinned by a hash, and ${same} of ${nodes.length} match the public registry's copies of the same versions in this repository`;
  } else {
    severity = 'medium';
    why =
      unhashed > 0
        ? `, ${unhashed} of them with no hash to pin the bytes`
        : ', and their hashes cannot be compared with the public registry here';
  }
  report({
    message: `${what}, not from the public registry${why}.`,
    location,
    evidence: shown(first.resolved ?? '', 200),
    severity,
  });
}

/**
 * Whether two integrity strings name the same bytes: compared by the hashes of an algorithm both
 * give (undefined when they share none, as a yarn sha1 and an npm sha512).
 */
function sameHash(a: string, b: string): boolean | undefined {
  const byAlgorithm = (s: string): Map<string, string> =>
    new Map(s.split(/\s+/).flatMap(h => (/^(sha\d+)-(.+)$/.exec(h) ? [[h.slice(0, h.indexOf('-')), h] as [string, string]] : [])));
  const ours = byAlgorithm(a);
  let compared: boolean | undefined;
  for (const [algorithm, hash] of byAlgorithm(b)) {
    const other = ours.get(algorithm);
    if (other === undefined) continue;
    if (other !== hash) return false;
    compared = true;
  }
  return compared;
}

function judgeAgainstManifest(tree: DepTree, lf: LockfileInfo, report: Report): void {
  const manifest = tree.manifests.find(m => m.root === lf.root);
  const parsed = lf.parsed;
  if (!manifest || !parsed) return;
  const byKey = new Map(tree.packages.filter(p => p.lockfile === lf.file).map(p => [p.key, p]));
  let notLocked = 0;
  for (const d of manifest.deps) {
    if (d.section === 'peerDependencies' || classifySpec(d.spec).kind !== 'registry') continue;
    const key = parsed.direct.get(d.name);
    const node = key === undefined ? undefined : byKey.get(key);
    if (!node) {
      notLocked++;
      continue;
    }
    const range = semver.validRange(d.spec);
    const version = semver.valid(node.version);
    if (range !== null && version !== null && !semver.satisfies(version, range, { includePrerelease: true })) {
      report({
        message: `${manifest.file} asks for ${d.name}@${shown(d.spec, 40)} but ${lf.file} installs ${d.name}@${shown(node.version, 40)}: the lockfile is older or newer than this package.json (\`npm ci\` refuses it; \`npm install\` resolves the range afresh).`,
        location: manifestLocation(d),
        related: [nodeLocation(tree, node)],
        evidence: `"${d.name}": "${shown(d.spec, 60)}"`,
        // A stale lockfile installs the same registry package at another version: context.
        severity: 'low',
      });
    }
  }
  if (notLocked > 0 && lf.format !== 'yarn-berry') {
    report({
      message: `${notLocked} dependenc${notLocked === 1 ? 'y' : 'ies'} of ${manifest.file} ${notLocked === 1 ? 'is' : 'are'} missing from ${lf.file}: installing resolves ${notLocked === 1 ? 'it' : 'them'} fresh from the registry.`,
      location: { file: lf.file },
      severity: 'low',
    });
  }
}

export default defineRule({
  meta: {
    id: 'deps/lockfile-anomaly',
    severity: 'high',
    confidence: 'high',
    description: 'A lockfile or registry setting that redirects, weakens or contradicts what gets installed.',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const tree = depTree(ctx);
    const report = redactingReporter(ctx, tree);
    judgeRegistryConfig(ctx, report);
    for (const lf of tree.lockfiles) judgeLockfile(ctx, tree, lf, report);
  },
});
