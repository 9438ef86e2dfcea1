import { defineRule } from '../../../core/rule.ts';
import type { FindingInput } from '../../../core/rule.ts';
import { severityRank } from '../../../core/severity.ts';
import { isLoopbackUrl, theftSeverity, unsentCredentialSeverity } from '../../../core/policy.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import { waysOut } from '../../../analysis/js/exits.ts';
import { credentialStores, knowledge, walletIdPattern } from '../../../knowledge/index.ts';

interface Target {
  label: string;
  test: RegExp;
  /** A store no ordinary project reads: browser data, wallets, keychains. */
  store: boolean;
  /** A token file many projects name (`.npmrc`): alone, without a request, it is context only. */
  lowWhenAlone: boolean;
}

/** The stores by label (data/knowledge/credential-stores.json, wallet-extensions.json). */
export const TARGETS: readonly Target[] = (() => {
  const byLabel = new Map<string, Target>();
  for (const s of credentialStores()) {
    const had = byLabel.get(s.label);
    byLabel.set(
      s.label,
      had
        ? { ...had, test: new RegExp(`${had.test.source}|${s.test.source}`), store: had.store || s.store }
        : { label: s.label, test: s.test, store: s.store, lowWhenAlone: s.lowWhenAlone },
    );
  }
  byLabel.set(knowledge().walletLabel, {
    label: knowledge().walletLabel,
    test: new RegExp(walletIdPattern()),
    store: true,
    lowWhenAlone: false,
  });
  return [...byLabel.values()];
})();
const TARGET_BY_LABEL = new Map(TARGETS.map(t => [t.label, t]));
/** A secret read by a command that dumps a keychain or keyring (`security dump-keychain`): a store too. */
const KEYCHAIN_COMMAND = /keychain|keyring/;

/**
 * The services each credential belongs to, by the label of its store or of the command that read
 * it: a token sent there is used, not stolen. A credential with no issuer here (SSH keys, browser
 * data, wallets) has none to be sent to.
 */
const GITHUB = String.raw`(?:api\.|uploads\.)?github\.com|npm\.pkg\.github\.com`;
const NPM = String.raw`registry\.npmjs\.org|registry\.yarnpkg\.com|npm\.pkg\.github\.com`;
const CLOUD = String.raw`[\w.-]+\.amazonaws\.com|[\w.-]+\.googleapis\.com|management\.azure\.com`;
const ISSUERS: readonly { credential: RegExp; hosts: string }[] = [
  { credential: /^git credentials$|^reads a secret with `gh\b/, hosts: GITHUB },
  { credential: /^npm tokens|^reads a secret with `(?:npm|yarn|pnpm)\b/, hosts: NPM },
  { credential: /^PyPI tokens/, hosts: String.raw`upload\.pypi\.org|test\.pypi\.org` },
  { credential: /^cloud credentials$|^reads a secret with `(?:aws|gcloud|az)\b/, hosts: CLOUD },
];

/** The URL goes to a service that issued one of the credentials, and every credential has an issuer. */
function sentToIssuer(labels: readonly string[], url: string | undefined): boolean {
  if (url === undefined) return false;
  const hosts = labels.map(label => ISSUERS.find(i => i.credential.test(label))?.hosts);
  if (hosts.some(h => h === undefined)) return false;
  return new RegExp(`^https://(?:${hosts.join('|')})(?:[/:?]|$)`).test(url);
}

export default defineRule({
  meta: {
    id: 'code/credential-access',
    severity: 'high',
    confidence: 'medium',
    description:
      'Code names browser password/cookie stores, wallet extensions, keychains, SSH keys or cloud/npm/git tokens; critical when what it reads is sent out.',
    triggers: ['dev', 'build', 'start', 'install'],
    escalate: true,
    since: '0.1.0',
    atoms: ['credential-stores', 'credential-words', 'wallets', 'network', 'file-reads'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    const byPlace = new Map<string, FindingInput>();
    for (const facts of index.files.values()) {
      const found = new Map<string, { loc: (typeof facts.strings)[number]['loc']; value: string }>();
      for (const s of [...facts.strings, ...facts.reads.map(r => ({ value: r.path, loc: r.loc, decoded: false }))]) {
        for (const t of TARGETS) if (!found.has(t.label) && t.test.test(s.value)) found.set(t.label, { loc: s.loc, value: s.value });
      }
      // A secret read by running a command (`gh auth token`) that ends up in a request, or a
      // credential file read by a helper in another file whose content this file uploads.
      for (const r of facts.requests) {
        for (const st of hasKind(r.payloadTaint, 'credential') ? (r.payloadTaint?.steps ?? []) : []) {
          if (/^reads a secret with/.test(st.label) && !found.has(st.label)) found.set(st.label, { loc: st.loc, value: st.label });
          const target = /^reads /.test(st.label) && st.loc.file !== facts.path ? TARGETS.find(t => t.test.test(st.label)) : undefined;
          if (target && !found.has(target.label)) found.set(target.label, { loc: st.loc, value: st.label.replace(/^reads /, '') });
        }
      }
      if (found.size === 0) continue;
      const first = [...found.values()][0];
      if (!first) continue;
      const theft = facts.requests.filter(r => hasKind(r.payloadTaint, 'credential'));
      // Other ways out: an uploading program given the secret, a copy into a cloud-synced folder,
      // a repository filled with it and pushed.
      const exits = waysOut(facts, ['credential'], text => TARGETS.some(t => t.test.test(text)));
      const proven = theft.length > 0 || exits.length > 0;
      // A token sent to the service it belongs to (the npm registry, GitHub, a cloud API) is using it, not stealing it.
      const toOwner = exits.length === 0 && theft.length > 0 && theft.every(r => sentToIssuer([...found.keys()], r.url));
      const sends = facts.requests.some(r => r.sends);
      const onlyTokenFiles = [...found.keys()].every(label => TARGET_BY_LABEL.get(label)?.lowWhenAlone === true);
      // Secrets proven to flow into a request to another machine (not the service they belong to),
      // or browser and wallet stores read by code that sends data out, are theft with a way out
      // (core/policy.ts); sending them only to this machine is not.
      const stores = [...found.keys()].some(label => TARGET_BY_LABEL.get(label)?.store ?? KEYCHAIN_COMMAND.test(label));
      const outgoing = proven ? theft : facts.requests.filter(r => r.sends);
      const loopback = exits.length === 0 && outgoing.length > 0 && outgoing.every(r => isLoopbackUrl(r.url));
      // Without a send, what matters is whether the file can read the store at all or only names
      // it: it reads or copies files (whatever path the analysis resolved), runs commands, reads
      // a secret with one, or has credential data anywhere in its flows.
      const reads =
        facts.reads.length > 0 ||
        facts.spawns.length > 0 ||
        facts.writes.some(w => w.from !== undefined) ||
        [...found.keys()].some(label => /^reads a secret with/.test(label)) ||
        facts.sinks.some(x => hasKind(x.taint, 'credential') || ['shell', 'spawn', 'fork'].includes(x.kind));
      let severity: Severity =
        (proven && !toOwner) || (sends && stores)
          ? theftSeverity({ sent: true, loopback, runsRemote: false, installed: false })
          : sends && !onlyTokenFiles && !toOwner
            ? 'high'
            : unsentCredentialSeverity(reads);
      if (facts.inNodeModules && severityRank(severity) > severityRank('low')) severity = proven ? 'high' : 'low';
      // Store labels are nouns; a secret read from a command is labelled by the step that read it.
      const what = [...found.keys()]
        .slice(0, 4)
        .map(label => label.replace(/^reads a secret with /, 'a secret from '))
        .join(', ');
      const exit = exits[0];
      // Read by a helper in another file and uploaded here: reported where it is read, naming the uploader.
      const elsewhere = first.loc.file !== facts.path;
      const out = exit
        ? ` and sends what it reads out of this machine with ${exit.how}`
        : elsewhere
          ? `, which ${facts.path} uploads`
          : toOwner
            ? ' and sends it only to the service that issued it (using it, not taking it)'
            : proven
              ? ' and uploads what it reads'
              : sends
                ? ' and sends data out over the network'
                : '';
      const related = [...[...found.values()].slice(1, 6).map(v => v.loc), ...exits.map(e => e.loc)];
      if (elsewhere) related.push(...theft.slice(0, 3).map(r => r.loc));
      const finding: FindingInput = {
        message: withReach(`This file reaches for ${what}${out}`, ctx.reachingSurfaces(first.loc.file), first.loc.file, first.loc.line),
        location: first.loc,
        evidence: truncate(
          [...found.values()]
            .map(v => v.value)
            .slice(0, 4)
            .join(' | '),
        ),
        severity,
        related,
      };
      // One place, one finding: the file that reads and the file that uploads see the same read.
      const key = `${first.loc.file}:${first.loc.line ?? ''}`;
      const seen = byPlace.get(key);
      if (!seen || severityRank(severity) > severityRank(seen.severity ?? 'info')) byPlace.set(key, finding);
    }
    for (const f of byPlace.values()) ctx.report(f);
  },
});
