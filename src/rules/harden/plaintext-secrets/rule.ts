import { readJson } from '../../../lang/json.ts';
import { readYaml } from '../../../lang/yaml.ts';
import { joinAbs } from '../../../fs/path.ts';
import { readHomeFile } from '../../../workstation/files.ts';
import { parseIni } from '../../../workstation/ini.ts';
import { ghHostsPath } from '../../../workstation/platform.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

const SECRET_NAME = /(?:SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|API_?KEY|ACCESS_?KEY|MNEMONIC|SEED)/i;
const ENV_FILES = ['.env', '.env.local', '.env.production', '.env.development'];

function read(ctx: WorkstationContext, file: string): string | undefined {
  const r = readHomeFile(ctx.home, file);
  if (r.ok) return r.text;
  if (r.reason !== 'absent') ctx.error(`${r.detail}: not audited`, file);
  return undefined;
}

function secret(ctx: WorkstationContext, file: string, what: string, evidence: string, remediation: string): void {
  ctx.report({
    path: file,
    message: `${ctx.display(file)} holds ${what} in plain text: the campaign's stealers read this file first, and anything that runs as you can too.`,
    evidence,
    remediation,
  });
}

/** Names of secret-looking variables with a value in a dotenv file. */
export function envSecrets(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    const value = (m[2] ?? '').trim().replace(/^["']|["']$/g, '');
    if (value !== '' && !value.startsWith('${') && SECRET_NAME.test(m[1] ?? '')) out.push(m[1] ?? '');
  }
  return out;
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/plaintext-secrets',
    command: 'harden',
    severity: 'medium',
    confidence: 'high',
    description: 'Plaintext credentials in the home folder: cloud keys, npm and GitHub tokens, Docker registry logins, .env files',
    since: '0.1.0',
  },
  check(ctx) {
    const aws = joinAbs(ctx.home, '.aws', 'credentials');
    const awsText = read(ctx, aws);
    if (awsText !== undefined) {
      const profiles = parseIni(awsText, true)
        .filter(e => e.key.toLowerCase() === 'aws_secret_access_key' && e.value !== '')
        .map(e => e.section || 'default');
      if (profiles.length > 0) {
        secret(
          ctx,
          aws,
          `long-lived AWS secret keys (profiles: ${profiles.join(', ')})`,
          `aws_secret_access_key in [${profiles.join('], [')}]`,
          'Use short-lived credentials (`aws configure sso`, or aws-vault with the OS keychain) and delete the static keys in the IAM console once nothing needs them.',
        );
      }
    }

    const npmrc = joinAbs(ctx.home, '.npmrc');
    const npmText = read(ctx, npmrc);
    if (npmText !== undefined) {
      const tokens = parseIni(npmText).filter(
        e => /(?:^|:)_(?:authToken|auth|password)$/.test(e.key) && e.value !== '' && !e.value.startsWith('${'),
      );
      if (tokens.length > 0) {
        secret(
          ctx,
          npmrc,
          `${tokens.length} npm registry token${tokens.length === 1 ? '' : 's'}`,
          tokens.map(t => `${t.key}=<redacted>`).join(', '),
          'Replace the literal token with `${NPM_TOKEN}` read from your keychain or CI secrets, use granular tokens with short expiry, and revoke the old one (`npm token revoke`).',
        );
      }
    }

    const gh = ghHostsPath(ctx.home, ctx.os);
    const ghText = read(ctx, gh);
    if (ghText !== undefined) {
      let hosts: string[] = [];
      const read = readYaml(ghText);
      if (!read.ok) ctx.error(`${read.error.message}: not audited`, gh);
      else {
        const doc = read.value;
        if (typeof doc === 'object' && doc !== null) {
          hosts = Object.entries(doc as Record<string, unknown>)
            .filter(([, v]) => {
              if (typeof v !== 'object' || v === null) return false;
              const entry = v as Record<string, unknown>;
              const users = entry['users'];
              return (
                typeof entry['oauth_token'] === 'string' ||
                (typeof users === 'object' &&
                  users !== null &&
                  Object.values(users).some(
                    u => typeof u === 'object' && u !== null && typeof (u as Record<string, unknown>)['oauth_token'] === 'string',
                  ))
              );
            })
            .map(([k]) => k);
        }
      }
      if (hosts.length > 0) {
        secret(
          ctx,
          gh,
          `a GitHub CLI token (${hosts.join(', ')})`,
          `oauth_token for ${hosts.join(', ')}`,
          'Run `gh auth logout` then `gh auth login` so the token goes to the OS keyring instead of hosts.yml (check with `gh auth status`).',
        );
      }
    }

    const docker = joinAbs(ctx.home, '.docker', 'config.json');
    const dockerText = read(ctx, docker);
    if (dockerText !== undefined) {
      const parsed = readJson(dockerText);
      if (!parsed.ok) ctx.error(`${parsed.error.message}: not audited`, docker);
      else {
        const auths = (parsed.value as { auths?: unknown } | null)?.auths;
        const logged = Object.entries(typeof auths === 'object' && auths !== null ? auths : {})
          .filter(([, v]) => {
            const entry = (typeof v === 'object' && v !== null ? v : {}) as { auth?: unknown; identitytoken?: unknown };
            return (typeof entry.auth === 'string' && entry.auth !== '') || typeof entry.identitytoken === 'string';
          })
          .map(([k]) => k);
        if (logged.length > 0) {
          secret(
            ctx,
            docker,
            `registry logins for ${logged.join(', ')}`,
            `auths: ${logged.join(', ')}`,
            'Configure a credential helper (`"credsStore": "osxkeychain" | "wincred" | "pass"`), then `docker logout` and `docker login` again so the login moves out of config.json.',
          );
        }
      }
    }

    const envDirs = [ctx.home, ...ctx.roots];
    for (const dir of envDirs) {
      for (const name of ENV_FILES) {
        const file = joinAbs(dir, name);
        const text = read(ctx, file);
        if (text === undefined) continue;
        const names = envSecrets(text);
        if (names.length > 0)
          secret(
            ctx,
            file,
            `secrets (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`,
            names.map(n => `${n}=<redacted>`).join(', '),
            'Move these values into a password manager or the OS keychain and load them when needed (for example with `op run` or direnv reading from the keychain); rotate any that were exposed.',
          );
      }
    }
  },
});
