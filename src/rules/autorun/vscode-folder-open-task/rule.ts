import { defineRule } from '../../../core/rule.ts';
import { openTaskSeverity } from '../../../core/policy.ts';
import type { Location } from '../../../core/types.ts';
import { assessCommand } from '../_shared/assess-command.ts';
import { filesWhere, loadJsonc, reportSyntax } from '../_shared/jsonc-file.ts';
import { openTaskRun } from '../_shared/open-task-run.ts';
import { addTaskSurfaces, osName } from '../_shared/task-surfaces.ts';
import {
  findingBudget,
  folderOpenChains,
  isCodeWorkspace,
  isTasksJson,
  loadTaskSources,
  openingPhrase,
  otherVariants,
  stealthPhrase,
} from '../_shared/vscode-tasks.ts';
import type { VsTask } from '../_shared/vscode-tasks.ts';

function shown(command: string | undefined, task: VsTask): string {
  if (command === undefined) return `the ${task.type} task "${task.label}"`;
  return `\`${command.length > 120 ? `${command.slice(0, 117)}…` : command}\``;
}

export default defineRule({
  meta: {
    id: 'autorun/vscode-folder-open-task',
    severity: 'high',
    confidence: 'high',
    description: 'A VS Code/Cursor task with `runOptions.runOn: "folderOpen"` runs a command as soon as the folder is opened.',
    triggers: ['open'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    const sources = loadTaskSources(ctx);
    for (const f of ctx.inventory.files) {
      if (f.type !== 'symlink' || f.linkInside === true || f.inNodeModules || !isTasksJson(f.path)) continue;
      ctx.report({
        severity: 'medium',
        message: `${f.path} is a symlink to ${f.linkTarget ?? 'a missing file'}, outside this repository; VS Code would read its tasks from there, and Airlock did not follow it.`,
        location: { file: f.path },
      });
    }
    for (const file of filesWhere(ctx, p => isTasksJson(p) || isCodeWorkspace(p))) {
      const doc = loadJsonc(ctx, file);
      if (doc) reportSyntax(ctx, file, doc, 'VS Code');
    }

    const budget = findingBudget(ctx, 'folder-open tasks');
    for (const { task, chain } of folderOpenChains(sources)) {
      for (const step of chain) {
        const name = step.task === task ? task.label : `${step.task.label} (runs before "${task.label}")`;
        addTaskSurfaces(ctx, step.task, 'open', 'vscode-task', name);
      }
      if (!budget.take(task.source.file)) continue;
      const deps = chain.filter(s => s.task !== task);
      const command = task.commands.linux;
      const hiding = stealthPhrase(task);
      const watcher = command.command !== undefined && assessCommand(ctx, command.command, command.cwd).watcher;
      const run = openTaskRun(ctx, task, chain);
      const verb = watcher ? 'starts the watcher' : 'runs';
      const shell = command.shell === undefined ? '' : ` through the shell ${command.shell} of this repository`;
      const parts = [
        `${openingPhrase(task.source)} in VS Code ${verb} ${shown(command.command, task)}${shell} (task "${task.label}"${hiding ? `, ${hiding}` : ''})`,
      ];
      if (deps.length > 0) parts.push(`after ${deps.map(d => shown(d.task.commands.linux.command, d.task)).join(', then ')}`);
      const variants = otherVariants(task).map(v => `on ${osName(v.os)} ${shown(v.command.command, task)}`);
      if (variants.length > 0) parts.push(`and ${variants.join(', ')}`);

      const related: Location[] = [];
      if (task.runOnLine !== undefined) related.push({ file: task.source.file, line: task.runOnLine });
      for (const v of otherVariants(task)) related.push({ file: task.source.file, line: v.command.line });
      for (const d of deps) related.push({ file: d.task.source.file, line: d.task.commands.linux.line });
      const evidence = [
        ...deps.map(d => `${d.task.label}: ${d.task.commands.linux.command ?? d.task.type}`),
        `${task.label}: ${command.command ?? task.type}`,
        ...otherVariants(task).map(v => `${task.label} (${osName(v.os)}): ${v.command.command ?? ''}`),
      ].join('\n');

      if (run.watcher) parts.push('without asking; a watcher of the project is ordinary, and the code it runs is judged by the code rules');
      else if (watcher) parts.push('without asking; a watcher is ordinary, but check that this is all it does');
      ctx.report({
        message: `${parts.join(' ')}.`,
        location: { file: task.source.file, line: command.line },
        severity: openTaskSeverity(run.watcher),
        evidence: evidence.slice(0, 2000),
        related,
        ...(run.watcher && run.files.length > 0 ? { runs: { trigger: 'open' as const, files: run.files } } : {}),
      });
    }
    budget.finish();
  },
});
