import { joinAbs, relFromRoot } from '../../../fs/path.ts';
import { readEditorState } from '../../../workstation/editor-state.ts';
import { isDirectory } from '../../../workstation/files.ts';
import { editorProfiles } from '../../../workstation/platform.ts';
import type { Os } from '../../../workstation/platform.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

/** Folders where downloaded and cloned strangers' code lands. */
const DROP_FOLDERS = ['Downloads', 'Desktop', 'tmp', 'Temp'];

function sameOrAncestor(folder: string, home: string, os: Os): boolean {
  const norm = (p: string): string => (os === 'win32' ? p.toLowerCase().replace(/\\/g, '/') : p).replace(/\/+$/, '');
  const f = norm(folder);
  const h = norm(home);
  return f === '' || h === f || h.startsWith(`${f}/`);
}

/** Why trusting `folder` trusts far more than one project, or undefined. */
export function blanketReason(folder: string, home: string, os: Os): string | undefined {
  if (sameOrAncestor(folder, home, os))
    return folder.replace(/[\\/]+$/, '') === home.replace(/[\\/]+$/, '')
      ? 'your whole home folder'
      : 'a folder that contains your home folder';
  for (const d of DROP_FOLDERS) {
    const drop = joinAbs(home, d);
    if (relFromRoot(folder, drop) !== undefined) return `a folder that contains ~/${d}, where downloaded repositories land`;
  }
  if (/^(?:\/tmp|\/var\/tmp|\/private\/tmp)\/?$/.test(folder)) return 'the system temp folder';
  return undefined;
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/editor-trusted-folders',
    command: 'harden',
    severity: 'high',
    confidence: 'high',
    description:
      'Editor Workspace Trust granted to the home folder, a parent of it, or Downloads/Desktop (every project inside is trusted)',
    since: '0.1.0',
  },
  check(ctx) {
    for (const profile of editorProfiles(ctx.home, ctx.os)) {
      if (!isDirectory(profile.appDir)) continue;
      const state = readEditorState(ctx.home, profile, ctx.os);
      for (const p of state.problems) ctx.error(p.message, p.path);
      for (const folder of state.trustedFolders) {
        const why = blanketReason(folder, ctx.home, ctx.os);
        if (!why) continue;
        ctx.report({
          path: profile.stateDb,
          message: `${profile.editor} trusts ${folder}, ${why}: every repository opened below it runs its folder-open tasks and workspace settings without the trust prompt.`,
          evidence: `content.trust.model.key: ${folder}`,
          remediation: `In ${profile.editor} run "Workspaces: Manage Workspace Trust" and remove ${folder}; trust single project folders instead. (Airlock does not edit the editor's state database.)`,
        });
      }
    }
  },
});
