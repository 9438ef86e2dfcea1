import { errorMessage } from '../../../core/errors.ts';
import { joinAbs } from '../../../fs/path.ts';
import { readJsonc } from '../../../lang/jsonc.ts';
import { readEditorState } from '../../../workstation/editor-state.ts';
import { isDirectory, readHomeFile } from '../../../workstation/files.ts';
import { editorProfiles } from '../../../workstation/platform.ts';
import { compromised } from '../../../workstation/remediation.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

/** Recent folders scanned per run; the rest are listed in a note. */
export const MAX_RECENT_FOLDERS = 40;

/** Labels and commands of tasks that run when the folder is opened. */
export function folderOpenTasks(text: string): string[] {
  const json = readJsonc(text).value;
  const tasks =
    typeof json === 'object' && json !== null && Array.isArray((json as { tasks?: unknown }).tasks)
      ? (json as { tasks: unknown[] }).tasks
      : [];
  const out: string[] = [];
  for (const t of tasks) {
    if (typeof t !== 'object' || t === null) continue;
    const task = t as Record<string, unknown>;
    const run = task['runOptions'];
    if (typeof run !== 'object' || run === null || (run as Record<string, unknown>)['runOn'] !== 'folderOpen') continue;
    const label = typeof task['label'] === 'string' ? task['label'] : '(no label)';
    const cmd = typeof task['command'] === 'string' ? task['command'] : '';
    out.push(`${label}${cmd ? `: ${cmd}` : ''}`);
  }
  return out;
}

export default defineWorkstationRule({
  meta: {
    id: 'hunt/editor-workspaces',
    command: 'hunt',
    severity: 'critical',
    confidence: 'high',
    description: 'Folders opened recently in VS Code, Cursor, Windsurf or VSCodium that carry folder-open tasks or critical findings',
    since: '0.1.0',
  },
  async check(ctx) {
    const editors = new Map<string, string[]>();
    for (const profile of editorProfiles(ctx.home, ctx.os)) {
      if (!isDirectory(profile.appDir)) continue;
      const state = readEditorState(ctx.home, profile, ctx.os);
      for (const p of state.problems) ctx.error(p.message, p.path);
      for (const folder of state.recentFolders) editors.set(folder, [...(editors.get(folder) ?? []), profile.editor]);
    }
    if (editors.size === 0) return;
    const folders = [...editors.keys()].filter(isDirectory);
    if (folders.length > MAX_RECENT_FOLDERS)
      ctx.note(
        `Only the ${MAX_RECENT_FOLDERS} most recent of ${folders.length} recently opened folders were scanned; use --roots for the rest.`,
      );
    await Promise.all(
      folders.slice(0, MAX_RECENT_FOLDERS).map(async folder => {
        const by = (editors.get(folder) ?? []).join(', ');
        const tasksFile = joinAbs(folder, '.vscode', 'tasks.json');
        const tasks = readHomeFile(folder, tasksFile);
        const autoTasks = tasks.ok ? folderOpenTasks(tasks.text) : [];
        let critical: string[] = [];
        try {
          const report = await ctx.scanRepository(folder);
          critical = report.findings.filter(f => f.severity === 'critical').map(f => `${f.ruleId} at ${f.location.file}: ${f.message}`);
        } catch (err) {
          ctx.error(`could not be scanned: ${errorMessage(err)}`, folder);
        }
        if (critical.length > 0) {
          ctx.report({
            path: folder,
            severity: 'critical',
            message: `${ctx.display(folder)}, opened recently in ${by}, carries malicious code (${critical.length} critical finding${critical.length === 1 ? '' : 's'}).`,
            evidence: critical.slice(0, 3).join(' | '),
            remediation: compromised(
              ctx.os,
              `Close it in the editor and run \`airlock scan ${folder}\` for the details; assume it ran if a folder-open task or install/dev trigger reaches the code.`,
            ),
          });
        } else if (autoTasks.length > 0) {
          ctx.report({
            path: tasksFile,
            severity: 'high',
            message: `${ctx.display(folder)}, opened recently in ${by}, runs a task as soon as the folder is opened: ${autoTasks.join('; ')}.`,
            evidence: autoTasks.join(' | '),
            remediation: `Read what the task runs (\`airlock scan ${folder}\`). If you did not write it, treat the machine as exposed: run \`airlock hunt\` checks for dropped files and follow docs/workstation.md.`,
          });
        }
      }),
    );
  },
});
