/**
 * Credentials a command hands to the program it starts through its environment:
 * `GITHUB_TOKEN=$(gh auth token) ./scripts/setup.sh`, `NPM_TOKEN=… npm run x`,
 * `export AWS_SECRET_ACCESS_KEY=…; ./deploy.sh`. A variable is a credential when its value is read
 * from a secret store (`$(gh auth token)`, a keychain, a token file) or its name says so (a
 * placeholder the reader fills with a real token). What the started script does with `$NAME` then
 * decides: sending it to a host that is not the credential's own service is theft.
 */
import { secretCommandPattern } from '../knowledge/index.ts';

/** Commands whose output is a secret (data/knowledge/secret-commands.json). */
const SECRET_COMMAND = secretCommandPattern();

export interface HandedSecret {
  name: string;
  /** The command the value is read with, when it is one (`gh auth token`). */
  source?: string;
}

const ASSIGNMENT = /(?:^|[\s;&|(])(?:export\s+)?([A-Z][A-Z0-9_]*)=(\$\([^)]*\)|`[^`]*`|"[^"]*"|'[^']*'|\S*)/g;
const CREDENTIAL_NAME = /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|PAT|AUTH)(?:_|$)/;

/** The credentials `command` puts into the environment of what it runs. */
export function handedSecrets(command: string): HandedSecret[] {
  const out: HandedSecret[] = [];
  for (const m of command.matchAll(ASSIGNMENT)) {
    const name = m[1] ?? '';
    const value = m[2] ?? '';
    const inner = /^(?:\$\((.*)\)|`(.*)`)$/.exec(value);
    const source = inner ? (inner[1] ?? inner[2] ?? '').trim() : undefined;
    if (source !== undefined && SECRET_COMMAND.test(source)) out.push({ name, source });
    else if (CREDENTIAL_NAME.test(name) && value !== '') out.push({ name });
  }
  return out;
}

/**
 * The host a credential named `name` is meant for, by the service its name starts with
 * (`GITHUB_TOKEN` → github, `NPM_TOKEN` → npm, `AWS_…` → amazonaws): a request there is its use.
 */
function ownService(name: string, host: string): boolean {
  const first = name.split('_')[0]?.toLowerCase() ?? '';
  const service = first === 'gh' ? 'github' : first === 'aws' ? 'amazonaws' : first;
  return service.length >= 3 && host.toLowerCase().includes(service);
}

/** The first line of a script that sends `$NAME` to a host other than its own service. */
export function sendsSecret(
  lines: readonly { line: number; text: string }[],
  name: string,
  sends: (text: string) => boolean,
): { line: number; text: string; host: string } | undefined {
  const ref = new RegExp(`\\$(?:${name}\\b|\\{${name}[}:])`);
  for (const l of lines) {
    if (!ref.test(l.text) || !sends(l.text)) continue;
    const hosts = [...l.text.matchAll(/\bhttps?:\/\/([^/\s"'`$:]+)/g)].map(h => h[1] ?? '');
    const ip = /\b\d{1,3}(?:\.\d{1,3}){3}\b/.exec(l.text)?.[0];
    const host = hosts[0] ?? ip;
    // A host held in a variable (`$API_URL`) is not known to be another's; the own service is the token's use.
    if (host === undefined || hosts.some(h => ownService(name, h))) continue;
    return { line: l.line, text: l.text, host };
  }
  return undefined;
}
