/**
 * Starts the user's editor on a folder after the guard has decided it may. The editor runs
 * detached with the user's own environment; Airlock does not wait for it.
 */
import { spawn } from 'node:child_process';
import { EnvironmentError } from '../core/errors.ts';

export const KNOWN_EDITORS: Readonly<Record<string, string>> = {
  code: 'code',
  cursor: 'cursor',
  windsurf: 'windsurf',
  codium: 'codium',
};

export function editorCommand(editor: string): string {
  return KNOWN_EDITORS[editor] ?? editor;
}

/** Launch `command folder` and resolve once the process has started (or failed to). */
export function launchEditor(command: string, folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [folder], { detached: true, stdio: 'ignore', shell: false });
    child.once('error', err => {
      const code = (err as NodeJS.ErrnoException).code;
      reject(
        new EnvironmentError(
          'EDITOR_MISSING',
          code === 'ENOENT'
            ? `editor command not found: ${command} (install its shell command or pass --editor PATH)`
            : `cannot start ${command}: ${err.message}`,
        ),
      );
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
