/**
 * Places outside the repository where a written file or setting makes a program run again later
 * (persistence), and folders that a cloud service or a network share carries off the machine.
 * The JavaScript and Python code rules test the paths their data flow evaluates; the shell
 * analysis tests the paths commands write (`>>`, `tee`, `cp`, `ln -s`) after reading `$HOME`,
 * `~`, `${XDG_CONFIG_HOME:-…}` and `%APPDATA%` as the home folder.
 */

import { places } from './index.ts';
import type { PersistencePlace } from './places.ts';

export type { PersistencePlace } from './places.ts';

export const NPM_EFFECT = 'so a program runs with every npm script and every node process npm starts';

/** The persistence places (data/knowledge/places.json). */
export function persistencePlaces(): readonly PersistencePlace[] {
  return places().persistence;
}

/** The place a written path makes a program start from, if any. */
export function persistencePlace(path: string): PersistencePlace | undefined {
  return persistencePlaces().find(p => p.test.test(path));
}

/** Git settings that make git run a program (data/knowledge/places.json `gitRunnerKeys`). */
const GIT_RUNNER_KEYS = places().gitRunnerKeys;
/** A git config key (one word of a command) that runs a program. */
export const GIT_RUNNER_KEY = new RegExp(`^(?:${GIT_RUNNER_KEYS})$`, 'i');
const GIT_GLOBAL = new RegExp(
  `\\bgit\\b[^\\n]*\\bconfig\\b[^\\n]*--(?:global|system)\\b[^\\n]*?(?<![\\w.])(${GIT_RUNNER_KEYS})(?![\\w.])\\s*(\\S*)`,
  'i',
);
/** Keys whose value is a shortcut unless it starts with `!` (a shell command): `alias.co checkout`, `credential.helper store`. */
export const GIT_BANG_ONLY = places().gitBangOnly;

/** The key of a `git config --global|--system` command line (a program runs it) that makes git run a program. */
export function gitGlobalRunner(command: string): string | undefined {
  const m = GIT_GLOBAL.exec(command);
  if (!m?.[1] || /--(?:unset|get|list)\b|\s-l\b/.test(command)) return undefined;
  if (GIT_BANG_ONLY.test(m[1]) && !/^['"]?!/.test(m[2] ?? '')) return undefined;
  return m[1];
}
/** npm user settings that run a program with every script, node process or `npm init` npm starts. */
const NPM_RUNNER_KEYS = places().npmRunnerKeys;
export const NPM_RUNNER_KEY = new RegExp(`^(?:${NPM_RUNNER_KEYS})(?:=|$)`);
export const NPM_USER_CONFIG = new RegExp(`\\b(?:${NPM_RUNNER_KEYS})\\b`);
/** `npm config set node-options …` for the user (not `--location project`). */
export const NPM_CONFIG_SET = new RegExp(`\\bnpm\\s+(?:config\\s+)?set\\s+(?:${NPM_RUNNER_KEYS})\\b(?![^\\n]*--location[= ]project)`);

/** The cloud-synced folder or share a path lies in, if any. */
export function syncedFolder(path: string): string | undefined {
  return places().synced.find(s => s.test.test(path))?.label;
}

/** A program path that starts in a temporary folder or a hidden folder of the home directory. */
export function unusualProgramPlace(path: string): boolean {
  return places().unusualPrograms.test(path);
}
