/**
 * What VS Code and its forks remember: recently opened folders and trusted folders. Sources, per
 * editor: `User/globalStorage/storage.json` (and the older `<app>/storage.json`), and the SQLite
 * `User/globalStorage/state.vscdb`, read with the minimal reader in sqlite.ts (keys
 * `history.recentlyOpenedPathsList` and `content.trust.model.key`). Only `file:` URIs count;
 * remote folders are listed by the editor but are not on this disk.
 */
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../core/errors.ts';
import { closeSync } from 'node:fs';
import { openHomeFile, readAt, readHomeFile } from './files.ts';
import type { EditorProfile, Os } from './platform.ts';
import { SqliteFormatError, readKeyValues } from './sqlite.ts';

const RECENT_KEY = 'history.recentlyOpenedPathsList';
const TRUST_KEY = 'content.trust.model.key';
/** state.vscdb is read page by page, so this only bounds the time spent. */
const MAX_STATE_DB_BYTES = 1024 * 1024 * 1024;

export interface EditorState {
  editor: string;
  /** Local folders opened recently, newest first. */
  recentFolders: string[];
  /** Local folders the user marked as trusted. */
  trustedFolders: string[];
  /** Files that were present and read. */
  sources: string[];
  problems: { path: string; message: string }[];
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `file:` URI (string or VS Code's `{ scheme, path }` object) as a local path. */
export function localPathOf(uri: unknown, os: Os): string | undefined {
  let text: string | undefined;
  if (typeof uri === 'string') text = uri;
  else if (isObj(uri)) {
    if (typeof uri['external'] === 'string') text = uri['external'];
    else if (uri['scheme'] === 'file' && typeof uri['path'] === 'string') text = `file://${uri['path']}`;
  }
  if (text === undefined || !text.startsWith('file://')) return undefined;
  // A Windows layout examined on another OS (a copied home) can hold drive-less URIs: read those as POSIX.
  for (const windows of os === 'win32' ? [true, false] : [false]) {
    try {
      return fileURLToPath(text, { windows });
    } catch {
      continue;
    }
  }
  return undefined;
}

function foldersFromRecent(value: unknown, os: Os): string[] {
  const out: string[] = [];
  const entries = isObj(value) && Array.isArray(value['entries']) ? value['entries'] : [];
  for (const e of entries) {
    if (!isObj(e)) continue;
    const folder = localPathOf(e['folderUri'], os);
    if (folder) out.push(folder);
  }
  return out;
}

function foldersFromStorageJson(json: unknown, os: Os): string[] {
  if (!isObj(json)) return [];
  const out: string[] = [];
  const opened = json['openedPathsList'];
  if (isObj(opened)) {
    for (const key of ['folders2', 'workspaces3', 'entries']) {
      const list = opened[key];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const p = localPathOf(isObj(item) ? item['folderUri'] : item, os);
        if (p) out.push(p);
      }
    }
  }
  const windows = json['windowsState'];
  if (isObj(windows)) {
    const opened: unknown[] = Array.isArray(windows['openedWindows']) ? windows['openedWindows'] : [];
    const all: unknown[] = [windows['lastActiveWindow'], ...opened];
    for (const w of all) {
      const p = isObj(w) ? localPathOf(w['folder'], os) : undefined;
      if (p) out.push(p);
    }
  }
  const profiles = json['profileAssociations'];
  if (isObj(profiles) && isObj(profiles['workspaces'])) {
    for (const uri of Object.keys(profiles['workspaces'])) {
      const p = localPathOf(uri, os);
      if (p) out.push(p);
    }
  }
  return out;
}

function trustedFrom(value: unknown, os: Os): string[] {
  const out: string[] = [];
  const list = isObj(value) && Array.isArray(value['uriTrustInfo']) ? value['uriTrustInfo'] : [];
  for (const info of list) {
    if (!isObj(info) || info['trusted'] !== true) continue;
    const p = localPathOf(info['uri'], os);
    if (p) out.push(p);
  }
  return out;
}

export function readEditorState(home: string, profile: EditorProfile, os: Os): EditorState {
  const state: EditorState = { editor: profile.editor, recentFolders: [], trustedFolders: [], sources: [], problems: [] };
  for (const file of profile.storage) {
    const read = readHomeFile(home, file);
    if (!read.ok) {
      if (read.reason !== 'absent') state.problems.push({ path: file, message: read.detail });
      continue;
    }
    state.sources.push(file);
    try {
      state.recentFolders.push(...foldersFromStorageJson(JSON.parse(read.text), os));
    } catch (err) {
      state.problems.push({ path: file, message: `not valid JSON: ${errorMessage(err)}` });
    }
  }
  const db = openHomeFile(home, profile.stateDb, MAX_STATE_DB_BYTES);
  if (db.ok) {
    state.sources.push(profile.stateDb);
    try {
      const values = readKeyValues(
        { size: db.stat.size, read: (offset, length) => readAt(db.fd, offset, length) },
        'ItemTable',
        new Set([RECENT_KEY, TRUST_KEY]),
      );
      const recent = values.get(RECENT_KEY);
      const trust = values.get(TRUST_KEY);
      if (recent !== undefined) state.recentFolders.unshift(...foldersFromRecent(JSON.parse(recent), os));
      if (trust !== undefined) state.trustedFolders.push(...trustedFrom(JSON.parse(trust), os));
    } catch (err) {
      state.problems.push({
        path: profile.stateDb,
        message: err instanceof SqliteFormatError ? `unreadable SQLite file: ${err.message}` : `unexpected content: ${errorMessage(err)}`,
      });
    } finally {
      closeSync(db.fd);
    }
  } else if (db.reason !== 'absent') state.problems.push({ path: profile.stateDb, message: db.detail });
  state.recentFolders = [...new Set(state.recentFolders)];
  state.trustedFolders = [...new Set(state.trustedFolders)];
  return state;
}
