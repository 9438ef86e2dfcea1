import { defineRule } from '../../../core/rule.ts';
import { isLoopbackUrl, theftSeverity } from '../../../core/policy.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import { walletIdPattern } from '../../../knowledge/index.ts';

interface Target {
  label: string;
  test: RegExp;
}

export const TARGETS: readonly Target[] = [
  { label: 'saved browser passwords (`Login Data`)', test: /Login Data/ },
  { label: "the browser's encryption key (`Local State`)", test: /Local State/ },
  { label: 'browser extension storage (wallets)', test: /Local Extension Settings|IndexedDB[\\/]+chrome-extension/ },
  { label: 'browser local storage (`leveldb`)', test: /Local Storage[\\/]+leveldb/ },
  { label: 'browser cookies', test: /(?:Default|Profile[ \w]*|User Data)[\\/]+(?:Network[\\/]+)?Cookies\b/ },
  {
    label: 'browser profiles',
    test: /Google[\\/]+Chrome[\\/]+User Data|BraveSoftware[\\/]+Brave-Browser|Microsoft[\\/]+Edge[\\/]+User Data|Opera Software|Mozilla[\\/]+Firefox[\\/]+Profiles/,
  },
  {
    label: 'a crypto-wallet extension',
    test: new RegExp(walletIdPattern()),
  },
  { label: 'the macOS keychain', test: /Library[\\/]+Keychains|login\.keychain(?:-db)?/ },
  { label: 'Linux keyrings', test: /\.local[\\/]+share[\\/]+keyrings/ },
  // A key file, the folder itself as a read path (`readdirSync('~/.ssh')`), or any file listed in it.
  { label: 'SSH keys', test: /\.ssh[\\/]+(?:id_|authorized_keys|known_hosts|\$\{…\})|\.ssh['"`]?\s*[,)]|(?:^|[\\/~])\.ssh[\\/]*$/ },
  { label: 'cloud credentials', test: /\.aws[\\/]+credentials|\.config[\\/]+gcloud|\.azure[\\/]+/ },
  { label: 'npm tokens (`.npmrc`)', test: /\.npmrc/ },
  { label: 'git credentials', test: /\.git-credentials|\.config[\\/]+gh[\\/]+hosts\.yml|\.netrc\b/ },
  { label: 'container and cluster credentials', test: /\.docker[\\/]+config\.json|\.kube[\\/]+config/ },
  { label: 'Firefox passwords and cookies', test: /\b(?:logins\.json|key4\.db|cookies\.sqlite)\b/ },
  { label: 'a Solana wallet key (`id.json`)', test: /solana[\\/]+id\.json/ },
  { label: 'wallet files', test: /\bwallet\.dat\b|Exodus[\\/]+exodus\.wallet|Electrum[\\/]+wallets|atomic[\\/]+Local Storage/ },
];

/** Stores no ordinary project reads: browser profiles and passwords, wallets, keychains. */
const STORES = /browser|wallet|keychain|keyring/;
const OWNER_HOST =
  /^https:\/\/(?:registry\.npmjs\.org|registry\.yarnpkg\.com|npm\.pkg\.github\.com|api\.github\.com|github\.com|[\w.-]+\.amazonaws\.com|[\w.-]+\.googleapis\.com|management\.azure\.com)(?:[/:?]|$)/;

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
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const found = new Map<string, { loc: (typeof facts.strings)[number]['loc']; value: string }>();
      for (const s of [...facts.strings, ...facts.reads.map(r => ({ value: r.path, loc: r.loc, decoded: false }))]) {
        for (const t of TARGETS) if (!found.has(t.label) && t.test.test(s.value)) found.set(t.label, { loc: s.loc, value: s.value });
      }
      // A secret read by running a command (`gh auth token`) that ends up in a request.
      for (const r of facts.requests) {
        for (const st of hasKind(r.payloadTaint, 'credential') ? (r.payloadTaint?.steps ?? []) : []) {
          if (/^reads a secret with/.test(st.label) && !found.has(st.label)) found.set(st.label, { loc: st.loc, value: st.label });
        }
      }
      if (found.size === 0) continue;
      const first = [...found.values()][0];
      if (!first) continue;
      const theft = facts.requests.filter(r => hasKind(r.payloadTaint, 'credential'));
      const proven = theft.length > 0;
      // A token sent to the service it belongs to (the npm registry, GitHub, a cloud API) is using it, not stealing it.
      const toOwner = theft.length > 0 && theft.every(r => r.url !== undefined && OWNER_HOST.test(r.url));
      const sends = facts.requests.some(r => r.sends);
      const onlyNpmrc = found.size === 1 && found.has('npm tokens (`.npmrc`)');
      // Secrets proven to flow into a request to another machine (not the service they belong to),
      // or browser and wallet stores read by code that sends data out, are theft with a way out
      // (core/policy.ts); sending them only to this machine is not.
      const stores = [...found.keys()].some(label => STORES.test(label));
      const outgoing = proven ? theft : facts.requests.filter(r => r.sends);
      const loopback = outgoing.length > 0 && outgoing.every(r => isLoopbackUrl(r.url));
      let severity: Severity =
        (proven && !toOwner) || (sends && stores)
          ? theftSeverity({ sent: true, loopback, runsRemote: false, installed: false })
          : proven || (sends && !onlyNpmrc)
            ? 'high'
            : 'medium';
      if (facts.inNodeModules && severity !== 'low') severity = proven ? 'high' : 'low';
      if (onlyNpmrc && !proven && severity === 'medium') severity = 'low';
      const what = [...found.keys()].slice(0, 4).join(', ');
      const out = proven ? ' and uploads what it reads' : sends ? ' and sends data out over the network' : '';
      ctx.report({
        message: withReach(`This file reaches for ${what}${out}`, ctx.reachingSurfaces(facts.path), facts.path, first.loc.line),
        location: first.loc,
        evidence: truncate(
          [...found.values()]
            .map(v => v.value)
            .slice(0, 4)
            .join(' | '),
        ),
        severity,
        related: [...found.values()].slice(1, 6).map(v => v.loc),
      });
    }
  },
});
