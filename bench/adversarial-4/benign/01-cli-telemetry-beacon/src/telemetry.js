// Anonymous usage telemetry, documented in README.md#telemetry.
// Sends: the command name, the CLI version, Node's major version, the OS platform and a random
// install id. Never file names, paths, environment values or project contents.
// Disable with SCAFFOLDR_TELEMETRY_DISABLED=1 or DO_NOT_TRACK=1.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

const ENDPOINT = 'https://telemetry.example.com/v1/events';
const VERSION = '2.3.1';

async function installId() {
  const dir = join(homedir(), '.config', 'scaffoldr');
  const file = join(dir, 'telemetry.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')).id;
  } catch {
    const id = randomUUID();
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify({ id, notice: 'https://example.com/scaffoldr/telemetry' }));
    console.error('scaffoldr collects anonymous usage data. Set SCAFFOLDR_TELEMETRY_DISABLED=1 to opt out.');
    return id;
  }
}

export async function recordEvent({ command }) {
  if (process.env.SCAFFOLDR_TELEMETRY_DISABLED || process.env.DO_NOT_TRACK || process.env.CI) return;
  const body = {
    id: await installId(),
    command,
    version: VERSION,
    node: process.versions.node.split('.')[0],
    platform: platform(),
  };
  try {
    await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(1500),
    });
  } catch {
    /* telemetry never fails the command */
  }
}
