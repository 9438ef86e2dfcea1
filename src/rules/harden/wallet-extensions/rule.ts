import { joinAbs } from '../../../fs/path.ts';
import { walletExtensions } from '../../../knowledge/index.ts';
import { isDirectory, listDir } from '../../../workstation/files.ts';
import { chromiumRoots } from '../../../workstation/platform.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

/** Wallet and authenticator extensions the campaign's stealers enumerate, by id (data/knowledge/wallet-extensions.json). */
const WALLET_EXTENSIONS: ReadonlyMap<string, string> = new Map(walletExtensions().map(e => [e.id, e.name]));

export default defineWorkstationRule({
  meta: {
    id: 'harden/wallet-extensions',
    command: 'harden',
    severity: 'low',
    confidence: 'high',
    description: 'Crypto-wallet and authenticator browser extensions on this machine (what the stealers are after)',
    since: '0.1.0',
  },
  check(ctx) {
    for (const { browser, dir } of chromiumRoots(ctx.home, ctx.os)) {
      for (const p of listDir(dir) ?? []) {
        if (!p.isDirectory() || !(p.name === 'Default' || /^Profile \d+$/.test(p.name))) continue;
        const profile = joinAbs(dir, p.name);
        const found = new Set<string>();
        for (const sub of ['Extensions', 'Local Extension Settings']) {
          for (const e of listDir(joinAbs(profile, sub)) ?? []) {
            const name = WALLET_EXTENSIONS.get(e.name);
            if (name !== undefined && isDirectory(joinAbs(profile, sub, e.name))) found.add(name);
          }
        }
        if (found.size === 0) continue;
        ctx.report({
          path: profile,
          message: `${browser} (${p.name}) has ${[...found].join(', ')}: the campaign's stealers copy these extensions' vaults, so opening untrusted code on this machine puts the funds at risk.`,
          evidence: [...found].join(', '),
          remediation:
            'Keep wallets on a separate device or browser profile you never use for work, or a hardware wallet; open take-home repositories only in a VM or container without wallets. If you may have run one, move funds to a new wallet created on a clean device.',
        });
      }
    }
  },
});
