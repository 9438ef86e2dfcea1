// Update notice, like update-notifier: at most once a day, never blocks, never installs anything.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const STATE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'shipit', 'update.json');
const REGISTRY = process.env.npm_config_registry ?? 'https://registry.example.com/';

export async function checkForUpdate(name: string, current: string) {
  if (process.env.CI || process.env.SHIPIT_NO_UPDATE_CHECK) return;
  let last = 0;
  try { last = JSON.parse(readFileSync(STATE, 'utf8')).checkedAt; } catch {}
  if (Date.now() - last < 86_400_000) return;
  try {
    const res = await fetch(new URL(`${encodeURIComponent(name)}/latest`, REGISTRY), { signal: AbortSignal.timeout(2000) });
    const { version } = (await res.json()) as { version: string };
    mkdirSync(join(STATE, '..'), { recursive: true });
    writeFileSync(STATE, JSON.stringify({ checkedAt: Date.now(), latest: version }));
    if (/^\d+\.\d+\.\d+$/.test(version) && version !== current) {
      console.error(`\nUpdate available ${current} → ${version}\nRun: npm i -g ${name}\n`);
    }
  } catch {
    // offline is fine
  }
}
