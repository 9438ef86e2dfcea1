#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

const VERSION = '1.4.0';
const dir = join(homedir(), '.config', 'create-widget');
const cmd = process.argv[2] ?? 'help';

async function checkForUpdate() {
  const file = join(dir, 'update.json');
  let cache = { checked: 0, latest: VERSION };
  try { cache = JSON.parse(readFileSync(file, 'utf8')); } catch {}
  if (Date.now() - cache.checked > 86_400_000) {
    const res = await fetch('https://registry.example.com/create-widget/latest', { signal: AbortSignal.timeout(1500) }).catch(() => null);
    if (res?.ok) cache = { checked: Date.now(), latest: (await res.json()).version };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(cache));
  }
  if (cache.latest !== VERSION) console.error(`update available: ${VERSION} -> ${cache.latest}`);
}

async function telemetry() {
  if (process.env.DO_NOT_TRACK || process.env.CREATE_WIDGET_TELEMETRY_DISABLED) return;
  await fetch('https://telemetry.example.com/v1/event', {
    method: 'POST',
    body: JSON.stringify({ v: VERSION, os: platform(), cmd }),
    signal: AbortSignal.timeout(1500),
  }).catch(() => {});
}

await Promise.all([checkForUpdate(), telemetry()]);
console.log(`create-widget ${cmd}`);
