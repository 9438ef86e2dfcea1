/**
 * SIGINT and SIGTERM during a scan: the git processes this thread started are killed, registered
 * hooks run (the batch pool cancels its workers), every quarantine copy this process made is
 * removed, and the signal is raised again so the exit status says how the run ended (130, 143).
 * A second signal while this runs ends the process at once.
 */
import { killAllGit } from '../history/git.ts';
import { removeQuarantinesOf } from '../history/quarantine.ts';

type Hook = () => Promise<void> | void;

const hooks = new Set<Hook>();
let installed = false;
/** How long the hooks get before the copies are removed anyway. */
const HOOK_GRACE_MS = 1500;

/** Runs `hook` on SIGINT/SIGTERM before the copies are removed; returns its removal. */
export function onInterrupt(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export function installInterruptCleanup(): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals): void => {
    process.removeListener('SIGINT', handler);
    process.removeListener('SIGTERM', handler);
    void cleanUp().finally(() => {
      process.kill(process.pid, signal);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function cleanUp(): Promise<void> {
  killAllGit();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...hooks].map(async h => h())),
    new Promise<void>(resolve => {
      timer = setTimeout(resolve, HOOK_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  try {
    removeQuarantinesOf(process.pid);
  } catch {
    // The process is ending: nothing else to try.
  }
}
