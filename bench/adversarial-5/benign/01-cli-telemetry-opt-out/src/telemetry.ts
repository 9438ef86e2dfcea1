import { isCI } from 'ci-info';
import { platform, release } from 'node:os';
import { randomUUID } from 'node:crypto';

const ENDPOINT = 'https://telemetry.example.com/v1/events';

export function telemetryEnabled(): boolean {
  return !(process.env.SCAFFOLD_TELEMETRY_DISABLED === '1' || process.env.DO_NOT_TRACK === '1');
}

export async function record(command: string, version: string): Promise<void> {
  if (!telemetryEnabled()) return;
  const event = { id: randomUUID(), command, version, os: platform(), osRelease: release(), ci: isCI, node: process.version };
  await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(1500) }).catch(() => undefined);
}
