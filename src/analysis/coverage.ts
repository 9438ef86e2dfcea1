/**
 * What the inventory says could not be analysed, as structured gaps (`ReportError.kind`), and
 * whether the target held anything to scan at all. The scan/incomplete-analysis rule turns the
 * gaps that matter into findings (DESIGN.md §3 "No silent pass").
 */
import type { ReportError, Unscannable } from '../core/types.ts';
import type { FileEntry, Inventory } from '../fs/walk.ts';

/** True for a path inside a node_modules that was installed locally (summarised, not scanned as code). */
export function inInstalledNodeModules(inventory: Inventory, path: string): boolean {
  return inventory.nodeModules.some(nm => !nm.tracked && path.startsWith(`${nm.path}/`));
}

function describeOther(): string {
  return 'not a regular file (a FIFO, device or socket): nothing was read from it';
}

function describeLink(entry: FileEntry): string {
  const target = entry.linkTarget ? `to ${entry.linkTarget.slice(0, 200)}` : 'that cannot be resolved';
  return `a symbolic link ${target}, outside the target: not followed, so what it points at was not analysed`;
}

/** The inventory's gaps: unreadable files and folders, non-regular files, links that leave the target. */
export function inventoryGaps(inventory: Inventory): ReportError[] {
  const out: ReportError[] = [];
  for (const s of inventory.skipped) {
    const message = `${s.reason}: ${s.detail}`;
    out.push(s.reason === 'unreadable' ? { file: s.path, message, kind: 'unreadable' } : { file: s.path, message });
  }
  for (const f of inventory.files) {
    if (f.type === 'file' || inInstalledNodeModules(inventory, f.path)) continue;
    if (f.type === 'other') out.push({ file: f.path, message: describeOther(), kind: 'not-regular' });
    else if (f.linkDanglingInside === true)
      // Nothing is unread: the link names a path inside the repository where no file is committed.
      out.push({
        file: f.path,
        message: `a symbolic link to ${(f.linkTarget ?? '').slice(0, 200)}, which points at nothing inside the target`,
      });
    else if (f.linkInside !== true) out.push({ file: f.path, message: describeLink(f), kind: 'symlink-out' });
  }
  return out;
}

/** Why the target holds nothing to scan, or undefined when it holds something. */
export function whyUnscannable(inventory: Inventory): Unscannable | undefined {
  const file = (p: string): boolean => inventory.byPath.get(p)?.type === 'file';
  if (inventory.gitDir === undefined && file('HEAD') && inventory.dirs.has('objects') && inventory.dirs.has('refs')) {
    return {
      reason: 'bare-repository',
      message:
        'This is a bare git repository (HEAD, objects/ and refs/ with no checkout): there are no working files to scan. Clone it into a folder, or scan its URL, and scan that.',
    };
  }
  if (inventory.files.some(f => f.type === 'file')) return undefined;
  const unreadable = inventory.skipped.filter(s => s.reason === 'unreadable').length;
  if (unreadable > 0) {
    return {
      reason: 'unreadable',
      message: `Nothing in this target could be read (${unreadable} file${unreadable === 1 ? '' : 's'} or folder${unreadable === 1 ? '' : 's'} refused access): Airlock cannot say what it would do.`,
    };
  }
  return {
    reason: 'empty',
    message: `This target holds no file to scan${inventory.gitDir !== undefined ? ' (only a .git folder)' : ''}: Airlock cannot say what it would do.`,
  };
}
