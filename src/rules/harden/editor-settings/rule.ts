import type { Severity } from '../../../core/types.ts';
import { isDirectory, readHomeFile } from '../../../workstation/files.ts';
import { parseJsonc, setKeys } from '../../../lang/jsonc-edit.ts';
import { editorProfiles } from '../../../workstation/platform.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

interface Issue {
  key: string;
  want: unknown;
  severity: Severity;
  message: string;
}

function issuesOf(editor: string, settings: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (settings['security.workspace.trust.enabled'] === false) {
    issues.push({
      key: 'security.workspace.trust.enabled',
      want: true,
      severity: 'high',
      message: `${editor} has Workspace Trust turned off: every folder you open runs its tasks, settings and extensions with full rights, without asking.`,
    });
  }
  const auto = settings['task.allowAutomaticTasks'];
  if (auto !== 'off') {
    issues.push({
      key: 'task.allowAutomaticTasks',
      want: 'off',
      severity: auto === 'on' ? 'high' : 'medium',
      message:
        auto === 'on'
          ? `${editor} runs folder-open tasks automatically (\`task.allowAutomaticTasks: "on"\`), the trigger of the fake take-home repositories.`
          : `${editor} does not set \`task.allowAutomaticTasks\` to "off": older versions and forks run a trusted folder's folder-open tasks without asking.`,
    });
  }
  const untrusted = settings['security.workspace.trust.untrustedFiles'];
  if (untrusted === 'open') {
    issues.push({
      key: 'security.workspace.trust.untrustedFiles',
      want: 'prompt',
      severity: 'medium',
      message: `${editor} opens files from untrusted places into trusted windows without asking (\`security.workspace.trust.untrustedFiles: "open"\`).`,
    });
  }
  return issues;
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/editor-settings',
    command: 'harden',
    severity: 'high',
    confidence: 'high',
    description: 'VS Code, Cursor, Windsurf and VSCodium user settings: Workspace Trust on, automatic tasks off, untrusted files prompt',
    since: '0.1.0',
  },
  check(ctx) {
    let installed = 0;
    for (const profile of editorProfiles(ctx.home, ctx.os)) {
      if (!isDirectory(profile.appDir)) continue;
      installed++;
      const read = readHomeFile(ctx.home, profile.settings);
      if (!read.ok && read.reason !== 'absent') {
        ctx.error(`${read.detail}: not audited`, profile.settings);
        continue;
      }
      const text = read.ok ? read.text : '';
      const doc = parseJsonc(text);
      if (!doc.value || doc.errors.length > 0) {
        ctx.error(
          `not valid JSONC (${doc.errors.slice(0, 3).join(', ')}): not audited and not changed; fix the file in the editor first`,
          profile.settings,
        );
        continue;
      }
      const issues = issuesOf(profile.editor, doc.value);
      for (const issue of issues) {
        ctx.report({
          path: profile.settings,
          severity: issue.severity,
          message: issue.message,
          evidence: `"${issue.key}": ${JSON.stringify(doc.value[issue.key] ?? null)}`,
          remediation: `Set "${issue.key}": ${JSON.stringify(issue.want)} in ${ctx.display(profile.settings)} (\`airlock harden --fix\` does it, with a backup).`,
        });
      }
      if (issues.length === 0) continue;
      const after = setKeys(text, Object.fromEntries(issues.map(i => [i.key, i.want])));
      ctx.propose({
        file: profile.settings,
        description: `${profile.editor}: ${issues.map(i => `${i.key} = ${JSON.stringify(i.want)}`).join(', ')}`,
        before: read.ok ? read.bytes : undefined,
        after: Buffer.from(after, 'utf8'),
      });
    }
    if (installed === 0) ctx.note('No VS Code, Cursor, Windsurf or VSCodium user folder was found: editor settings were not audited.');
  },
});
