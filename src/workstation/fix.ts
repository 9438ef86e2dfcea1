/**
 * Safe settings changes for `airlock harden --fix`: a unified diff of every change first, then a
 * timestamped backup beside each file before it is replaced atomically, and `--undo` that puts the
 * newest backup back byte for byte. Symbolic links, read-only files, files owned by another user
 * and files changed since the audit are never written.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { errorMessage } from '../core/errors.ts';
import { redactSecrets } from '../core/redact.ts';
import type { ChangeRecord } from '../core/types.ts';
import { baseName, joinAbs, resolveAbs } from '../fs/path.ts';
import { currentUid } from './files.ts';

export interface PlannedChange {
  /** Absolute path of the file to write. */
  file: string;
  /** How the report shows the file (`~/.npmrc`). */
  display: string;
  description: string;
  /** The bytes read during the audit; undefined when the file does not exist yet. */
  before: Buffer | undefined;
  after: Buffer;
}

const MAX_DIFF_LINES = 4000;

/** A unified diff (3 lines of context) between two texts. */
export function unifiedDiff(before: string, after: string, label: string): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES)
    return `--- ${label}\n+++ ${label}\n(file too long to show a diff: ${a.length} → ${b.length} lines)\n`;
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  type Op = { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] ?? '', ai: i++, bi: j++ });
    } else if (i < n && (j === m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      ops.push({ kind: '-', text: a[i] ?? '', ai: i++, bi: j });
    } else {
      ops.push({ kind: '+', text: b[j] ?? '', ai: i, bi: j++ });
    }
  }
  const out = [`--- ${label}`, `+++ ${label}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]?.kind === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - 3);
    let end = k;
    while (end < ops.length) {
      let next = end;
      while (next < ops.length && ops[next]?.kind === ' ') next++;
      if (next >= ops.length || next - end > 6) {
        end = Math.min(ops.length, end + 3);
        break;
      }
      end = next + 1;
    }
    while (start > 0 && ops[start - 1]?.kind !== ' ') start--;
    const hunk = ops.slice(start, end);
    const first = hunk[0] as Op;
    const aLen = hunk.filter(o => o.kind !== '+').length;
    const bLen = hunk.filter(o => o.kind !== '-').length;
    out.push(`@@ -${aLen === 0 ? first.ai : first.ai + 1},${aLen} +${bLen === 0 ? first.bi : first.bi + 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
    k = end;
  }
  return out.join('\n') + '\n';
}

/** The diff shown to the user (text, JSON, SARIF), with secrets in its lines masked; the file itself is written whole. */
export function diffOf(change: PlannedChange): string {
  return redactSecrets(unifiedDiff(change.before?.toString('utf8') ?? '', change.after.toString('utf8'), change.display));
}

/** `20261129T214500123Z`: sortable, safe in file names on every OS. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('.', '');
}

const BACKUP_RE = /^(.+)\.airlock-(\d{8}T\d{9}Z)\.(bak|absent)$/;

function statOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function whyNotWritable(file: string, st: Stats | undefined): string | undefined {
  if (!st) return undefined;
  if (st.isSymbolicLink()) return 'it is a symbolic link: Airlock does not write through links; change the file it points to yourself';
  if (!st.isFile()) return 'not a regular file';
  const uid = currentUid();
  if (uid !== undefined && st.uid !== uid) return `owned by another user (uid ${st.uid}): left as is`;
  if ((st.mode & 0o200) === 0) return 'the file is read-only: left as is (make it writable to let Airlock change it)';
  return undefined;
}

function atomicWrite(file: string, bytes: Buffer, mode: number | undefined): void {
  const tmp = `${file}.airlock-tmp-${process.pid}`;
  writeFileSync(tmp, bytes, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
  try {
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Applies each change after writing its backup; a change that cannot be made safely is refused. */
export function applyChanges(changes: readonly PlannedChange[], now: Date = new Date()): ChangeRecord[] {
  const stamp = backupStamp(now);
  return changes.map(change => {
    const record: ChangeRecord = { file: change.display, description: change.description, status: 'refused', diff: diffOf(change) };
    const st = statOrUndefined(change.file);
    const refusal = whyNotWritable(change.file, st);
    if (refusal) return { ...record, reason: refusal };
    let current: Buffer | undefined;
    try {
      current = st ? readFileSync(change.file) : undefined;
    } catch (err) {
      return { ...record, reason: `unreadable: ${errorMessage(err)}` };
    }
    const same = current === undefined ? change.before === undefined : change.before !== undefined && current.equals(change.before);
    if (!same) return { ...record, reason: 'the file changed since it was audited: run harden again' };
    if (current?.equals(change.after)) return { ...record, status: 'unchanged' };
    const backup = `${change.file}.airlock-${stamp}.${current === undefined ? 'absent' : 'bak'}`;
    try {
      if (current === undefined) {
        mkdirSync(resolveAbs(change.file, '..'), { recursive: true });
        writeFileSync(backup, '', { flag: 'wx', mode: 0o600 });
      } else writeFileSync(backup, current, { flag: 'wx', mode: (st?.mode ?? 0o600) & 0o777 });
    } catch (err) {
      return { ...record, reason: `could not write the backup ${backup}: ${errorMessage(err)}; nothing changed` };
    }
    try {
      atomicWrite(change.file, change.after, st ? st.mode & 0o777 : 0o600);
    } catch (err) {
      return { ...record, reason: `could not write: ${errorMessage(err)} (backup kept at ${backup})` };
    }
    return { ...record, status: 'applied', backup: `${change.display}.airlock-${stamp}.${current === undefined ? 'absent' : 'bak'}` };
  });
}

/** The newest backup beside `file`, if any. */
export function newestBackup(file: string): { path: string; kind: 'bak' | 'absent'; stamp: string } | undefined {
  const dir = resolveAbs(file, '..');
  const name = baseName(file);
  let best: { path: string; kind: 'bak' | 'absent'; stamp: string } | undefined;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const m = BACKUP_RE.exec(e);
    if (!m || m[1] !== name) continue;
    const stamp = m[2] ?? '';
    if (!best || stamp > best.stamp) best = { path: joinAbs(dir, e), kind: m[3] === 'absent' ? 'absent' : 'bak', stamp };
  }
  return best;
}

/** Restores the newest backup of each file (and removes it), undoing the latest `--fix`. */
export function undoChanges(files: readonly { file: string; display: string }[]): ChangeRecord[] {
  const out: ChangeRecord[] = [];
  for (const { file, display } of files) {
    const backup = newestBackup(file);
    if (!backup) continue;
    const shownBackup = `${display}.airlock-${backup.stamp}.${backup.kind}`;
    const record: ChangeRecord = {
      file: display,
      description: backup.kind === 'absent' ? 'remove the file that --fix created' : 'restore the backup',
      status: 'refused',
      backup: shownBackup,
    };
    const st = statOrUndefined(file);
    if (st?.isSymbolicLink()) {
      out.push({ ...record, reason: 'the file is now a symbolic link: restore it by hand' });
      continue;
    }
    try {
      if (backup.kind === 'absent') {
        rmSync(file, { force: true });
      } else {
        const bytes = readFileSync(backup.path);
        atomicWrite(file, bytes, lstatSync(backup.path).mode & 0o777);
      }
      rmSync(backup.path);
      out.push({ ...record, status: 'restored' });
    } catch (err) {
      out.push({ ...record, reason: errorMessage(err) });
    }
  }
  return out;
}
