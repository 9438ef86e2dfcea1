/**
 * The intermediate form both front ends (the POSIX/bash parser and the cmd.exe tokeniser) produce,
 * and the analyser reads: simple commands with their words resolved as far as static text allows.
 */

/** A command substitution, process substitution or similar nested run inside one word. */
export interface Substitution {
  /** Index of the word that holds it. */
  word: number;
  /** `$(…)`/backticks, `<(…)` (read by the command) or `>(…)`. */
  kind: 'command' | 'process-in' | 'process-out';
  commands: RawCommand[];
}

export type StdinSource =
  | { kind: 'file'; path: string }
  /** A here-document or here-string; `subs` are the command lists of its `$(…)` placeholders, in order. */
  | { kind: 'text'; text: string; subs?: RawCommand[][] }
  | { kind: 'process'; commands: RawCommand[] };

export interface RawCommand {
  /** Words after quote removal; an unresolved expansion stays as `$NAME` / `$(…)`. */
  words: string[];
  background: boolean;
  /** Every command of earlier stages of the same pipeline (their stdout feeds this one). */
  pipedFrom: RawCommand[];
  stdin?: StdinSource;
  /** Files written through `>`/`>>`. */
  stdout: string[];
  substitutions: Substitution[];
  /** The directory a preceding `cd` moved to, relative, POSIX. */
  dir?: string;
  /** `NAME=value` assignments written before the command, for its environment only. */
  env?: [string, string][];
}

/** A marker that stands for an `$IFS` expansion inside a word (split like whitespace). */
export const IFS_MARK = '\u{E000}';

export function rawCommand(words: string[]): RawCommand {
  return { words, background: false, pipedFrom: [], stdout: [], substitutions: [] };
}

/** The directory after `cd target` from `base` (both relative, POSIX); undefined when it leaves the tree or is unknown. */
export function joinDir(base: string | undefined, target: string): string | undefined {
  if (target.startsWith('/') || target.startsWith('~') || target === '-') return undefined;
  const parts = (base ? base.split('/') : []).filter(Boolean);
  for (const seg of target.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
