/**
 * Execution-map surfaces for VS Code tasks: one per task on Linux (the summary), plus one per
 * other OS whose command differs.
 */
import type { RuleContext } from '../../../core/rule.ts';
import type { Surface, Trigger } from '../../../core/types.ts';
import { assessCommand } from './assess-command.ts';
import { OSES } from './vscode-tasks.ts';
import type { VsTask } from './vscode-tasks.ts';

const OS_NAMES = { linux: 'Linux', osx: 'macOS', windows: 'Windows' } as const;

export function addTaskSurfaces(ctx: RuleContext, task: VsTask, trigger: Trigger, kind: string, name: string): Surface[] {
  const out: Surface[] = [];
  const linux = task.commands.linux.command;
  for (const os of OSES) {
    const c = task.commands[os];
    if (os !== 'linux' && (c.command === undefined || c.command === linux)) continue;
    const entry = c.command === undefined ? undefined : assessCommand(ctx, c.command, c.cwd).entry;
    out.push(
      ctx.addSurface({
        trigger,
        kind,
        location: { file: task.source.file, line: c.line },
        name: os === 'linux' ? name : `${name} (${OS_NAMES[os]})`,
        ...(c.command === undefined ? {} : { command: c.command.slice(0, 500) }),
        ...(entry === undefined ? {} : { entry }),
      }),
    );
  }
  return out;
}

export function osName(os: keyof typeof OS_NAMES): string {
  return OS_NAMES[os];
}
