/**
 * Turns a TARGET argument into a folder to scan. A directory is used in place (read-only); a git
 * URL is cloned and an archive unpacked into a quarantine folder under the platform temp dir
 * (`<tmp>/airlock-quarantine/<name>-<random>`), deleted after the scan unless `keep` is set.
 */
import { readdirSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import type { ScanOptions } from '../core/rule.ts';
import type { ReportError, TargetInfo } from '../core/types.ts';
import { baseName, resolveAbs } from '../fs/path.ts';
import { makeQuarantineDir, releaseQuarantine, removeDir } from '../history/quarantine.ts';
import { archiveKindOf, extractArchive } from './archive.ts';
import { cloneGitUrl, looksLikeGitUrl } from './git-url.ts';

export { looksLikeGitUrl } from './git-url.ts';

export interface AcquiredTarget {
  /** Folder to scan. */
  root: string;
  kind: TargetInfo['kind'];
  /** What the user gave (credentials redacted). */
  spec: string;
  commit?: string;
  notes: string[];
  /** What the copy lacks (archive entries not unpacked), as `errors[]` gaps for the engine. */
  gaps: ReportError[];
  /** Removes any temporary copy (the quarantine folder is kept when the user asked to keep it). */
  cleanup(): Promise<void>;
}

export const DEFAULT_CLONE_DEPTH = 200;
const DEFAULT_CLONE_TIMEOUT_MS = 300_000;
const DEFAULT_CLONE_MAX_BYTES = 2 * 1024 * 1024 * 1024;

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
  return { root, kind: 'directory', spec, notes: [], gaps: [], cleanup: () => Promise.resolve() };
}

export async function acquireArchive(spec: string, options: ScanOptions, onProgress?: (message: string) => void): Promise<AcquiredTarget> {
  const file = resolveAbs(spec);
  const kind = archiveKindOf(file);
  if (kind === undefined) throw new InputError('TARGET_NOT_DIR', `target is not a directory, git URL or archive: ${spec}`);
  const quarantine = makeQuarantineDir(baseName(file).replace(/\.(?:zip|tgz|tar\.gz|tar)$/i, ''), options.quarantineDir);
  const keep = options.keep === true;
  try {
    onProgress?.(`unpacking ${baseName(file)}`);
    const result = await extractArchive(file, kind, quarantine, options.archiveLimits ?? {});
    return {
      root: result.root,
      kind: 'archive',
      spec,
      notes: [
        `unpacked ${result.entries} entries into ${quarantine}; ${keep ? 'the copy is kept (--keep)' : 'the copy is deleted after the scan (use --keep to keep it)'}`,
        ...result.notes,
      ],
      gaps: result.gaps,
      cleanup: () => {
        if (keep) releaseQuarantine(quarantine);
        else removeDir(quarantine);
        return Promise.resolve();
      },
    };
  } catch (err) {
    removeDir(quarantine);
    throw err;
  }
}

/**
 * A tree of the target's history (another ref), written by `write` into a new quarantine folder
 * under `quarantineBase`; the folder is deleted on cleanup, or at once when writing fails.
 */
export async function acquireTree(
  label: string,
  commit: string,
  write: (dir: string) => Promise<readonly string[]>,
  quarantineBase?: string,
): Promise<AcquiredTarget> {
  const dir = makeQuarantineDir('hidden', quarantineBase);
  try {
    const notes = await write(dir);
    return {
      root: dir,
      kind: 'git',
      spec: label,
      commit,
      notes: [...notes],
      gaps: [],
      cleanup: () => {
        removeDir(dir);
        return Promise.resolve();
      },
    };
  } catch (err) {
    removeDir(dir);
    throw err;
  }
}

export async function acquire(spec: string, options: ScanOptions, onProgress?: (message: string) => void): Promise<AcquiredTarget> {
  if (looksLikeGitUrl(spec)) {
    const cloned = await cloneGitUrl(
      spec,
      {
        depth: options.depth ?? DEFAULT_CLONE_DEPTH,
        allRefs: options.allRefs,
        timeoutMs: options.cloneTimeoutMs ?? DEFAULT_CLONE_TIMEOUT_MS,
        maxBytes: options.cloneMaxBytes ?? DEFAULT_CLONE_MAX_BYTES,
        allowFileUrls: options.allowFileUrls === true,
        keep: options.keep === true,
        ...(options.quarantineDir !== undefined ? { quarantineBase: options.quarantineDir } : {}),
      },
      onProgress,
    );
    return {
      root: cloned.root,
      kind: 'git',
      spec: cloned.display,
      notes: cloned.notes,
      gaps: [],
      cleanup: () => cloned.cleanup(),
      ...(cloned.commit !== undefined ? { commit: cloned.commit } : {}),
    };
  }
  if (isFile(spec) && archiveKindOf(spec) !== undefined) return acquireArchive(spec, options, onProgress);
  return acquireDirectory(spec);
}

function isFile(spec: string): boolean {
  try {
    return statSync(resolveAbs(spec)).isFile();
  } catch {
    return false;
  }
}
