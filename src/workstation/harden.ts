/**
 * `airlock harden`: audit the settings that would have stopped this campaign and, with `fix`,
 * apply the safe ones (diff first, backup beside each file). `undo` restores the newest backups.
 */
import type { WorkstationRule } from './rule.ts';
import type { ChangeRecord, Report } from '../core/types.ts';
import { homedir } from 'node:os';
import { relFromRoot, resolveAbs } from '../fs/path.ts';
import { applyChanges, diffOf, undoChanges } from './fix.ts';
import { currentOs, fixableFiles } from './platform.ts';
import { runWorkstation } from './run.ts';
import type { Scanner, WorkstationOptions } from './run.ts';

export interface HardenOptions extends WorkstationOptions {
  /**
   * Apply the safe changes. `true` applies them; a function sees the planned changes (with their
   * diffs) and returns whether to apply them (the CLI asks on a terminal).
   */
  fix?: boolean | ((planned: ChangeRecord[]) => Promise<boolean>);
  /** Restore the newest backups written by a previous fix, then audit. */
  undo?: boolean;
  /** Backup timestamp (tests). */
  now?: Date;
}

export async function runHarden(options: HardenOptions, rules: readonly WorkstationRule[], scanner: Scanner): Promise<Report> {
  const { fix, undo, now, ...rest } = options;
  let restored: ChangeRecord[] = [];
  if (undo === true) {
    const home = resolveAbs(rest.home ?? homedir());
    restored = undoChanges(
      fixableFiles(home, rest.os ?? currentOs()).map(file => {
        const rel = relFromRoot(home, file);
        return { file, display: rel === undefined ? file : `~/${rel}` };
      }),
    );
  }
  const { report, changes } = await runWorkstation('harden', rest, rules, scanner);
  const planned: ChangeRecord[] = changes.map(c => ({ file: c.display, description: c.description, status: 'planned', diff: diffOf(c) }));
  let records = planned;
  if (fix !== undefined && fix !== false && changes.length > 0) {
    const go = fix === true ? true : await fix(planned);
    if (go) records = applyChanges(changes, now);
  }
  const section = report.workstation;
  if (section && (records.length > 0 || restored.length > 0)) section.changes = [...restored, ...records];
  if (undo === true && restored.length === 0)
    (report.notes ??= []).push('Nothing to undo: no Airlock backups were found beside the settings files.');
  return report;
}
