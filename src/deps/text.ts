/** Small helpers shared by the dependency analysers: big-file reads, line lookup, URL redaction. */
import { readText } from '../fs/read.ts';
import type { FileEntry } from '../fs/walk.ts';

/** Lockfiles may be far larger than ordinary source: read up to this many bytes of one. */
export const MAX_LOCKFILE_BYTES = 256 * 1024 * 1024;

export interface BigText {
  text: string;
  truncated: boolean;
  /** The file held bytes that are not valid in its encoding (replaced by U+FFFD). */
  badBytes: boolean;
}

export function readBig(root: string, entry: FileEntry): BigText {
  const r = readText(root, entry, MAX_LOCKFILE_BYTES);
  return { text: r.text, truncated: r.truncated, badBytes: r.text.includes('\uFFFD') };
}

/** 1-based line of the first occurrence of `needle` at or after `from`, or undefined. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Replace the user-info part of URLs (`https://user:token@host`) with `***`. The scheme is tried
 * only where a word starts, so a long run of letters costs one pass, not one pass per letter.
 */
export function redactUrl(s: string): string {
  return s
    .replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)(?!git@)[^/@\s]+@/gi, '$1***@')
    .replace(/(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)(\s*[=:]\s*)\S+/g, '$1$2***');
}

/** Shorten and redact a repository-controlled string for a message. */
export function shown(s: string, max = 160): string {
  const r = redactUrl(s);
  return r.length > max ? r.slice(0, max - 1) + '…' : r;
}

/** The host of a URL, lower-cased, or undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replace(/^git\+/, '')).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url.replace(/^git\+/, ''));
    return u.password !== '' || (u.username !== '' && u.username !== 'git');
  } catch {
    return false;
  }
}
