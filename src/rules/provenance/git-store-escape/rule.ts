import { defineRule } from '../../../core/rule.ts';
import type { GitPointerKind, IrregularEntry } from '../../../history/store.ts';
import { gitStoreOf } from '../history.ts';

const POINTER_WHAT: Record<GitPointerKind, string> = {
  alternates: 'tells git to read objects from another object store',
  'http-alternates': 'tells git to fetch objects from another server',
  commondir: 'makes this folder a linked worktree of another repository',
  gitdir: 'makes `.git` a pointer to another git folder',
  'objects-link': 'is a link to another object store',
};

const ENTRY_WHAT: Record<IrregularEntry['kind'], string> = {
  fifo: 'a named pipe (FIFO), which stalls any git command that reads it',
  socket: 'a socket',
  device: 'a device file',
  link: 'a symbolic link',
  folder: 'a folder where git keeps only object files',
  other: 'not a regular file',
};

export default defineRule({
  meta: {
    id: 'provenance/git-store-escape',
    severity: 'high',
    confidence: 'high',
    description:
      'A shipped .git points git at another repository (alternates, http-alternates, commondir, gitdir, a linked objects folder) or keeps pipes, devices or links in its object store.',
    triggers: ['commit'],
    since: '0.1.0',
  },
  run(ctx) {
    if (!ctx.options.provenance || ctx.inventory.gitDir !== '.git') return;
    const store = gitStoreOf(ctx);
    if (!store) return;
    for (const p of store.pointers) {
      ctx.report({
        message: p.outside
          ? `${p.file} ${POINTER_WHAT[p.kind]} outside this folder (${p.value}): every git command here would read that repository's commits as this one's. Airlock did not follow it.`
          : `${p.file} ${POINTER_WHAT[p.kind]} inside this folder (${p.value}); a clone never carries one. Airlock did not follow it.`,
        location: { file: p.file },
        evidence: p.value,
        severity: p.outside ? 'high' : 'low',
        remediation: `Delete ${p.file} (or the whole .git) before running git in this folder; better, clone the original repository.`,
      });
    }
    for (const e of store.irregular) {
      const outside = e.kind === 'link' && e.outside === true;
      ctx.report({
        message: `${e.path} is ${ENTRY_WHAT[e.kind]}${outside ? ' that leads outside this folder' : ''}, inside git's object store, which git only ever fills with regular files. Airlock did not show it to git.`,
        location: { file: e.path },
        severity: e.kind === 'link' && !outside ? 'medium' : e.kind === 'folder' || e.kind === 'other' ? 'medium' : 'high',
        remediation: 'Delete the .git folder before running git here; clone the original repository instead.',
      });
    }
  },
});
