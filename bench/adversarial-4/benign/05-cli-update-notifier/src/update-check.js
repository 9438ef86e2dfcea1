// Once a day, asks the npm registry for the latest version and prints a notice (like
// update-notifier). Skipped in CI and when NO_UPDATE_NOTIFIER is set.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const DAY = 24 * 60 * 60 * 1000;

export async function notifyUpdate(name, current) {
  if (process.env.CI || process.env.NO_UPDATE_NOTIFIER || !process.stdout.isTTY) return;
  const stateFile = join(homedir(), '.cache', name, 'update-check.json');
  let state = {};
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {}
  if (state.checkedAt && Date.now() - state.checkedAt < DAY) return;
  const registry = (process.env.npm_config_registry || 'https://registry.example.com/').replace(/\/?$/, '/');
  try {
    const res = await fetch(`${registry}${name}/latest`, { signal: AbortSignal.timeout(1000) });
    const { version } = await res.json();
    mkdirSync(join(homedir(), '.cache', name), { recursive: true });
    writeFileSync(stateFile, JSON.stringify({ checkedAt: Date.now(), latest: version }));
    if (version && version !== current) console.error(`\nUpdate available ${current} → ${version}: npm i -g ${name}`);
  } catch {}
}
