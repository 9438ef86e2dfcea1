import { defineRule } from '../../../core/rule.ts';
import type { Location } from '../../../core/types.ts';
import { assessCommand, shortCommand, signalPhrase } from '../_shared/assess-command.ts';
import { osName } from '../_shared/task-surfaces.ts';
import { OSES, chainOf, findingBudget, folderOpenChains, loadTaskSources, openingPhrase, stealthPhrase } from '../_shared/vscode-tasks.ts';
import type { VsTask } from '../_shared/vscode-tasks.ts';

export default defineRule({
  meta: {
    id: 'autorun/vscode-task-remote-shell',
    severity: 'critical',
    confidence: 'high',
    description: 'A VS Code task downloads and runs code, decodes it, runs a file disguised as data, or redirects git hooks.',
    triggers: ['open'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    const sources = loadTaskSources(ctx);
    // Which folder-open task makes each task run when the folder opens.
    const onOpen = new Map<VsTask, VsTask>();
    for (const { task, chain } of folderOpenChains(sources)) {
      for (const step of chain) if (!onOpen.has(step.task)) onOpen.set(step.task, task);
    }
    const all = new Set<VsTask>();
    for (const s of sources) for (const t of s.tasks) for (const step of chainOf(t)) all.add(step.task);

    const budget = findingBudget(ctx, 'tasks that run remote or hidden code');
    for (const task of all) {
      const seen = new Set<string>();
      for (const os of OSES) {
        const c = task.commands[os];
        if (c.command === undefined || seen.has(c.command)) continue;
        seen.add(c.command);
        const risk = assessCommand(ctx, c.command, c.cwd);
        const signal = risk.signals[0];
        if (risk.level !== 'remote' || !signal) continue;
        if (!budget.take(task.source.file)) continue;
        const root = onOpen.get(task);
        const variant = c.override || os !== 'linux' ? `, ${osName(os)}` : '';
        const hiding = root ? stealthPhrase(root) || stealthPhrase(task) : stealthPhrase(task);
        const shown = `\`${shortCommand(c.command)}\``;
        const via = root && root !== task ? `, which runs before "${root.label}"` : '';
        const message = root
          ? `${openingPhrase(task.source)} in VS Code runs ${shown} (task "${task.label}"${variant}${via}${hiding ? `, ${hiding}` : ''}); ${signalPhrase(signal.detail, c.command)}.`
          : `Running the VS Code task "${task.label}" runs ${shown}${variant ? ` (${variant.slice(2)})` : ''}; ${signalPhrase(signal.detail, c.command)}. It does not run on folder open, but starting a debug configuration or a click runs it.`;
        const related: Location[] = [];
        if (root?.runOnLine !== undefined) related.push({ file: root.source.file, line: root.runOnLine });
        if (task.npm?.line !== undefined) related.push({ file: task.npm.packageJson, line: task.npm.line });
        ctx.report({
          // What the task runs is evidence by itself (docs/severity.md): a download piped into a
          // shell is as critical behind a click or F5 as behind `make setup`; the trigger is context.
          severity: 'critical',
          message,
          location: { file: task.source.file, line: c.line },
          evidence: [c.command, ...risk.signals.map(s => `- ${s.detail}`)].join('\n').slice(0, 2000),
          related,
        });
      }
    }
    budget.finish();
  },
});
