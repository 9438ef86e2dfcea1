/**
 * Honeytokens: a fresh, plausible developer `$HOME` for the sandbox, full of decoy secrets. Every
 * secret is unique to the run (it carries the run id and a random part) and is marked
 * AIRLOCK-HONEYTOKEN, so any read of the file or any request that carries the value is attributable
 * to this detonation and can never be mistaken for a real credential.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { joinAbs } from '../fs/path.ts';
import { walletExtensions } from '../knowledge/index.ts';

export const MARK = 'AIRLOCK-HONEYTOKEN';
/** The decoy vault sits in MetaMask's Chrome extension folder (data/knowledge/wallet-extensions.json). */
export const METAMASK_ID = metaMaskId();

function metaMaskId(): string {
  const id = walletExtensions().find(e => e.name === 'MetaMask' && e.store === 'chrome')?.id;
  if (id === undefined) throw new Error('data/knowledge/wallet-extensions.json has no MetaMask entry for Chrome');
  return id;
}

export interface Honeytoken {
  /** Stable id, e.g. "ssh-key". */
  id: string;
  /** What a thief would think it is. */
  label: string;
  /** Path relative to $HOME. */
  path: string;
  /** A string that appears only in this token's content (searched for in outgoing requests). */
  needle: string;
  /** Program names that read the file in normal use (their reads are not findings). */
  expectedReaders?: string[];
}

export interface HoneyHome {
  runId: string;
  tokens: Honeytoken[];
  /** Decoy secrets placed in the environment of every phase. */
  env: Record<string, string>;
  /** The env honeytokens, for matching outgoing requests. */
  envTokens: Honeytoken[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(n: number, alphabet = UPPER): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length] ?? 'A';
  return s;
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

/** Writes the decoy home into `dir` (a host folder copied into the sandbox) and describes it. */
export function plantHoneytokens(dir: string, runId: string): HoneyHome {
  const tokens: Honeytoken[] = [];
  const put = (path: string, content: string, token?: Omit<Honeytoken, 'path'>): void => {
    const abs = joinAbs(dir, ...path.split('/'));
    mkdirSync(joinAbs(abs, '..'), { recursive: true });
    writeFileSync(abs, content, { mode: 0o600 });
    if (token) tokens.push({ ...token, path });
  };
  const uniq = (): string => `${runId}${randomChars(8)}`;

  const sshNeedle = `${MARK}-ssh-${uniq()}`;
  const sshBody = b64(`${sshNeedle} openssh-key-v1 this is a decoy key planted by airlock detonate; it opens nothing`).replace(
    /(.{70})/g,
    '$1\n',
  );
  put('.ssh/id_ed25519', `-----BEGIN OPENSSH PRIVATE KEY-----\n${sshBody}\n-----END OPENSSH PRIVATE KEY-----\n`, {
    id: 'ssh-key',
    label: 'SSH private key',
    needle: sshBody.slice(0, 70),
  });
  put('.ssh/id_ed25519.pub', `ssh-ed25519 ${b64(sshNeedle)} dev@laptop\n`);
  put('.ssh/known_hosts', 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n');

  const akid = `AKIA${randomChars(16)}`;
  const secret = `${MARK.replace(/-/g, '')}${uniq()}${randomChars(10)}`;
  put('.aws/credentials', `[default]\naws_access_key_id = ${akid}\naws_secret_access_key = ${secret}\n# ${MARK}\n`, {
    id: 'aws-credentials',
    label: 'AWS credentials',
    needle: akid,
  });

  const npmToken = `npm_${MARK.replace(/-/g, '')}${uniq()}`;
  put('.npmrc', `//registry.npmjs.org/:_authToken=${npmToken}\n`, {
    id: 'npm-token',
    label: 'npm publish token',
    needle: npmToken,
    expectedReaders: ['npm', 'npx', 'node-gyp', 'yarn', 'pnpm', 'corepack'],
  });

  const solanaSeed = [...randomBytes(64)].map(b => b % 256);
  const solana = JSON.stringify(solanaSeed);
  put('.config/solana/id.json', solana, { id: 'solana-keypair', label: 'Solana wallet keypair', needle: solana.slice(0, 40) });

  const browsers: [string, string][] = [
    ['chrome', '.config/google-chrome'],
    ['brave', '.config/BraveSoftware/Brave-Browser'],
  ];
  for (const [name, base] of browsers) {
    const loginNeedle = `${MARK}-${name}-login-${uniq()}`;
    put(`${base}/Default/Login Data`, `SQLite format 3\u0000decoy ${loginNeedle} https://mail.example.com dev@example.com\n`, {
      id: `${name}-login-data`,
      label: `${name === 'chrome' ? 'Chrome' : 'Brave'} saved passwords`,
      needle: loginNeedle,
    });
    const stateNeedle = `${MARK}-${name}-key-${uniq()}`;
    put(`${base}/Local State`, JSON.stringify({ os_crypt: { encrypted_key: b64(`DPAPI${stateNeedle}`) }, note: MARK }), {
      id: `${name}-local-state`,
      label: `${name === 'chrome' ? 'Chrome' : 'Brave'} cookie/password encryption key`,
      needle: b64(`DPAPI${stateNeedle}`),
    });
    const vaultNeedle = `${MARK}-${name}-metamask-${uniq()}`;
    put(
      `${base}/Default/Local Extension Settings/${METAMASK_ID}/000003.log`,
      `{"KeyringController":{"vault":"{\\"data\\":\\"${vaultNeedle}\\"}"}}\n`,
      {
        id: `${name}-metamask-vault`,
        label: `MetaMask wallet vault (${name === 'chrome' ? 'Chrome' : 'Brave'})`,
        needle: vaultNeedle,
      },
    );
    put(`${base}/Default/Cookies`, `SQLite format 3\u0000decoy ${MARK}\n`);
  }

  const keyringNeedle = `${MARK}-keyring-${uniq()}`;
  put('.local/share/keyrings/login.keyring', `GnomeKeyring\n\u0000decoy ${keyringNeedle}\n`, {
    id: 'keyring',
    label: 'login keychain',
    needle: keyringNeedle,
  });

  const ghToken = `ghp_${MARK.replace(/-/g, '')}${uniq()}`;
  put('.bash_history', `cd ~/work\ngit push origin main\nexport GITHUB_TOKEN=${ghToken}\nnpm publish\n`, {
    id: 'shell-history',
    label: 'shell history with a token',
    needle: ghToken,
    expectedReaders: ['bash'],
  });
  put('.gitconfig', '[user]\n\tname = Dev\n\temail = dev@example.com\n');
  put('.bashrc', '# ~/.bashrc\nexport PATH="$HOME/.local/bin:$PATH"\n');
  mkdirSync(joinAbs(dir, 'projects'), { recursive: true });

  const envValue = `sk_live_${MARK.replace(/-/g, '')}${uniq()}`;
  const envTokens: Honeytoken[] = [
    { id: 'env-secret', label: 'secret in the environment (STRIPE_SECRET_KEY)', path: '', needle: envValue },
  ];
  return { runId, tokens, env: { STRIPE_SECRET_KEY: envValue }, envTokens };
}
