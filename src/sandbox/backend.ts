/**
 * Backend selection. `auto` picks the strongest backend that can isolate on this machine:
 * on Linux bubblewrap (user/mount/pid/net namespaces, strace tracing, tested end to end), then
 * Podman, then Docker; elsewhere Podman, then Docker. When none can isolate, detonation is refused
 * with an EnvironmentError that lists what is missing: Airlock never runs a repository unisolated.
 */
import { EnvironmentError } from '../core/errors.ts';
import { probeBwrap } from './backends/bwrap.ts';
import type { BwrapProbe } from './backends/bwrap.ts';
import { DEFAULT_IMAGE, imagePresent, probeEngine } from './backends/container.ts';
import type { Engine } from './backends/container.ts';
import type { BackendName } from './backends/types.ts';

export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'bwrap', 'docker', 'podman'];

export type SelectedBackend =
  { name: 'bwrap'; probe: BwrapProbe; description: string } | { name: Engine; binary: string; image: string; description: string };

export interface BackendProbes {
  bwrap: () => BwrapProbe;
  engine: (engine: Engine) => { ok: boolean; binary?: string; reason?: string; version?: string };
  image: (binary: string, image: string) => boolean;
  platform: NodeJS.Platform;
}

export const realProbes: BackendProbes = {
  bwrap: () => probeBwrap(),
  engine: e => probeEngine(e),
  image: imagePresent,
  platform: process.platform,
};

export function selectBackend(choice: BackendChoice, image: string = DEFAULT_IMAGE, probes: BackendProbes = realProbes): SelectedBackend {
  const order: BackendName[] =
    choice !== 'auto' ? [choice] : probes.platform === 'linux' ? ['bwrap', 'podman', 'docker'] : ['podman', 'docker'];
  const missing: string[] = [];
  for (const name of order) {
    if (name === 'bwrap') {
      if (probes.platform !== 'linux') {
        missing.push('bubblewrap needs Linux');
        continue;
      }
      const probe = probes.bwrap();
      if (probe.ok)
        return {
          name,
          probe,
          description: `bubblewrap (${probe.mode === 'drop-to-nobody' ? 'run as nobody' : probe.mode === 'root' ? 'run as root' : 'unprivileged'})`,
        };
      missing.push(`bwrap: ${probe.reason ?? 'unusable'}`);
      continue;
    }
    const e = probes.engine(name);
    if (!e.ok || !e.binary) {
      missing.push(`${name}: ${e.reason ?? 'unusable'}`);
      continue;
    }
    if (!probes.image(e.binary, image)) {
      missing.push(`${name}: the image ${image} is not present (build it from docs/detonate.md)`);
      continue;
    }
    return { name, binary: e.binary, image, description: `${name} ${e.version ?? ''}`.trim() };
  }
  throw new EnvironmentError(
    'NO_SANDBOX',
    `cannot detonate: no sandbox backend can isolate on this machine; refusing to run the repository unisolated. Missing: ${missing.join('; ')}`,
  );
}
