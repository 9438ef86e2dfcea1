/**
 * What a folder-open task chain runs, for the severity policy (`openTaskSeverity`): whether it
 * is the repository's own watcher or build (`tsc -w`, `npm run watch` → `webpack --watch`), and
 * the files of the repository that run with it: the scripts it starts and the config files the
 * tools it starts load as code (webpack.config.js, vite.config.ts). Those files' code findings
 * decide how severe the task is.
 */
import type { RuleContext } from '../../../core/rule.ts';
import { assessCommand } from './assess-command.ts';
import { isRepoFile } from './jsonc-file.ts';
import { toolConfigFiles } from './tool-configs.ts';
import { otherVariants } from './vscode-tasks.ts';
import type { ChainStep, VsTask } from './vscode-tasks.ts';

export interface OpenTaskRun {
  /**
   * The task is a watcher, every task it depends on only builds or runs the repository's
   * scripts, and no OS has a command of its own: what it runs is decided by the files below.
   */
  watcher: boolean;
  /** Files of the repository that run: scripts, and the configs the tools it starts load. */
  files: string[];
}

export function openTaskRun(ctx: RuleContext, task: VsTask, chain: readonly ChainStep[]): OpenTaskRun {
  const files: string[] = [];
  let watcher = true;
  const add = (f: string): void => {
    if (!files.includes(f)) files.push(f);
  };
  for (const step of chain) {
    const c = step.task.commands.linux;
    if (c.command === undefined || c.shell !== undefined || otherVariants(step.task).length > 0) {
      watcher = false;
      continue;
    }
    const risk = assessCommand(ctx, c.command, c.cwd);
    if (step.task === task ? !risk.watcher : risk.level !== 'tools' && risk.level !== 'repo-code') watcher = false;
    for (const f of risk.files) add(f);
    for (const program of risk.programs) {
      for (const path of toolConfigFiles(ctx, c.cwd, program)) if (isRepoFile(ctx, path)) add(path);
    }
  }
  return { watcher, files };
}
