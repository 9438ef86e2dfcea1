/**
 * Turns a TARGET argument into a folder to scan. A directory is used in place (read-only); git
 * URLs and archives are fetched into a quarantine folder by their own modules.
 */
import { readdirSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { ScanOptions } from '../core/rule.ts';
import type { TargetInfo } from '../core/types.ts';
import { resolveAbs } from '../fs/path.ts';

export interface AcquiredTarget {
  /** Folder to scan. */
  root: string;
  kind: TargetInfo['kind'];
  /** What the user gave. */
  spec: string;
  commit?: string;
  notes: string[];
  /** Removes any temporary copy (the quarantine folder is kept when the user asked to keep it). */
  cleanup(): Promise<void>;
}

export function acquireDirectory(spec: string): AcquiredTarget {
  const root = resolveAbs(spec);
  let st;
  try {
    st = statSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('TARGET_MISSING', `target not found: ${spec}`);
    throw new InputError('TARGET_UNREADABLE', `cannot read target ${spec}: ${(err as Error).message}`);
  }
  if (!st.isDirectory()) throw new InputError('TARGET_NOT_DIR', `target is not a directory, git URL or archive: ${spec}`);
  try {
    readdirSync(root);
  } catch (err) {
    throw new InputError('TARGET_UNREADABLE', `cannot read target ${spec}: ${(err as Error).message}`);
  }
  return { root, kind: 'directory', spec, notes: [], cleanup: () => Promise.resolve() };
}

export async function acquire(
  spec: string,
  _options: ScanOptions,
  _onProgress?: (message: string) => void,
): Promise<AcquiredTarget> {
  return Promise.resolve(acquireDirectory(spec));
}
