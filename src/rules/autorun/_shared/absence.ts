/**
 * Why a file a surface names can't be read: absent, or a symbolic link that leaves the target.
 * Airlock never follows such a link, and the reader should know that is why, and where it points.
 */
import { clip } from '../../../core/snippet.ts';
import type { Inventory } from '../../../fs/walk.ts';

/** "not in the repository", or "a symlink to /etc/passwd, outside the repository (not followed)". */
export function absence(inventory: Inventory, path: string): string {
  const entry = inventory.byPath.get(path);
  if (entry?.type !== 'symlink') return 'not in the repository';
  // The link text is the attacker's: control characters are shown, never printed.
  const target = JSON.stringify(clip(entry.linkTarget ?? '', 120)).slice(1, -1);
  return entry.linkInside === true
    ? `a symlink to ${target} that does not lead to a readable file`
    : `a symlink to ${target}, outside the repository (not followed)`;
}
