import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';

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
    test: /\b(?:nkbihfbeogaeaoehlefnkodbefgpgknn|bfnaelmomeimhlpmgjnjophhpkkoljpa|hnfanknocfeofbddgcijnmhnfnkdnaad|ibnejdfjmmkpcnlpebklmnkoeoihofec|egjidjbpglichdcondbcbdnbeeppgdph|aeachknmefphepccionboohckonoeemg|efbglgofoippbgcjepnhiblaibcnclgk|fhbohimaelbohpjbbldcngcnapndodjp|ejbalbakoplchlghecdalmeeeajnimhm|acmacodkjbdgmoleebolmdjonilkdbch|aholpfdialjgjfhomihkjbmgjidlcdno|dmkamcknogkgcdfhhbddcghachkejeap)\b/,
  },
  { label: 'the macOS keychain', test: /Library[\\/]+Keychains|login\.keychain(?:-db)?/ },
  { label: 'Linux keyrings', test: /\.local[\\/]+share[\\/]+keyrings/ },
  { label: 'SSH keys', test: /\.ssh[\\/]+(?:id_|authorized_keys|known_hosts)|\.ssh['"`]?\s*[,)]/ },
  { label: 'cloud credentials', test: /\.aws[\\/]+credentials|\.config[\\/]+gcloud|\.azure[\\/]+/ },
  { label: 'npm tokens (`.npmrc`)', test: /\.npmrc/ },
  { label: 'a Solana wallet key (`id.json`)', test: /solana[\\/]+id\.json/ },
  { label: 'wallet files', test: /\bwallet\.dat\b|Exodus[\\/]+exodus\.wallet|Electrum[\\/]+wallets|atomic[\\/]+Local Storage/ },
];

export default defineRule({
  meta: {
    id: 'code/credential-access',
    severity: 'high',
    confidence: 'medium',
    description:
      'Code names browser password/cookie stores, wallet extensions, keychains, SSH keys or cloud/npm tokens, most of all next to a way to send them out.',
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
      if (found.size === 0) continue;
      const first = [...found.values()][0];
      if (!first) continue;
      const proven = facts.requests.some(r => hasKind(r.payloadTaint, 'credential'));
      const sends = facts.requests.some(r => r.sends);
      const onlyNpmrc = found.size === 1 && found.has('npm tokens (`.npmrc`)');
      let severity: Severity = proven || (sends && !onlyNpmrc) ? 'high' : 'medium';
      if (facts.inNodeModules && !proven) severity = 'low';
      if (onlyNpmrc && !proven && severity === 'medium') severity = 'low';
      const what = [...found.keys()].slice(0, 4).join(', ');
      const out = proven ? ' and uploads what it reads' : sends ? ' and sends data out over the network' : '';
      ctx.report({
        message: withReach(`This file reaches for ${what}${out}`, ctx.reachingSurfaces(facts.path), facts.path),
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
