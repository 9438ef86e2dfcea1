import { analyzeHook } from '../../../analysis/hook-command.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { formatBytes } from '../../../fs/extract.ts';
import { shippedGit } from '../../../history/shipped.ts';

/** Config keys git turns into a command on routine use, with when that happens. */
const KEY_WHEN: [RegExp, string, Severity][] = [
  [/^core\.fsmonitor$/, 'on `git status` and most other commands', 'high'],
  [/^core\.(?:pager|editor|askpass|sshcommand|gitproxy)$/, 'when git pages output, edits a message or talks to a server', 'high'],
  [/^filter\..+\.(?:clean|smudge|process)$/, 'on checkout and add, for files the repository marks with that filter', 'high'],
  [/^diff\.external$|^diff\..+\.(?:command|textconv)$/, 'on `git diff` and `git log -p`', 'high'],
  [/^merge\..+\.driver$/, 'on merges', 'high'],
  [/^uploadpack\.packobjectshook$|^remote\..+\.(?:uploadpack|receivepack)$/, 'when git fetches or pushes', 'high'],
  [/^sequence\.editor$|^gpg(?:\..+)?\.program$/, 'on rebase or signing', 'high'],
  [/^credential\.helper$/, 'when git needs a password', 'medium'],
  [/^alias\./, 'when you type that git alias', 'medium'],
  [/^include\.path$|^includeif\..+\.path$/, 'by loading another config file', 'medium'],
  [/^url\..+\.insteadof$/, 'by rewriting which server git talks to', 'medium'],
];

export default defineRule({
  meta: {
    id: 'provenance/shipped-git-hooks',
    severity: 'critical',
    confidence: 'high',
    description:
      "A shipped .git folder carries live hooks, a core.hooksPath, commands in its config, or a .sample hook that is not git's own.",
    triggers: ['commit'],
    since: '0.1.0',
  },
  async run(ctx) {
    if (!ctx.options.provenance || ctx.inventory.gitDir !== '.git') return;
    const shipped = await ctx.facts.get(shippedGit);
    if (!shipped) return;
    for (const h of shipped.hooks) {
      if (h.active) {
        const risk = analyzeHook(h.text ?? '').risk;
        const what = risk ? risk.detail : `it runs \`${(h.firstCommand ?? '').slice(0, 120)}\``;
        ctx.report({
          message: `This folder ships a live git hook, ${h.path}, which runs on your next git ${h.name.replace(/^(?:pre|post)-/, '')}: ${what}. A clone never carries hooks: someone put it there for you to run.`,
          location: { file: h.path, line: 1 },
          ...(h.firstCommand !== undefined ? { evidence: h.firstCommand.slice(0, 300) } : {}),
          severity: risk?.risk === 'fetch-and-run' ? 'critical' : 'high',
          remediation: 'Delete .git/hooks (or the whole .git) before running any git command in this folder.',
        });
      } else if (h.sample && !h.stock) {
        ctx.report({
          message: h.stockLike
            ? `${h.path} differs from this git's stock sample but reads like one from another git version.`
            : `${h.path} (${formatBytes(h.size)}) is not git's stock sample: hooks in lures copy their payload from such files.`,
          location: { file: h.path, line: 1 },
          ...(h.sha256 !== undefined ? { evidence: `sha256 ${h.sha256}` } : {}),
          severity: h.stockLike ? 'info' : 'medium',
        });
      } else if (!h.sample) {
        ctx.report({
          message: `${h.path} is not a hook name git runs, but it was shipped inside .git/hooks.`,
          location: { file: h.path, line: 1 },
          severity: 'low',
        });
      }
    }
    if (shipped.hooksPath !== undefined && shipped.hooksPath !== '') {
      const husky = shipped.hooksPathRel === '.husky' || shipped.hooksPathRel === '.husky/_';
      ctx.report({
        message: husky
          ? `The shipped .git/config sets core.hooksPath = ${shipped.hooksPath}, as husky does once installed: git runs the .husky hooks on commit and push (see autorun/git-hooks for what they run).`
          : `The shipped .git/config sets core.hooksPath = ${shipped.hooksPath}: git runs the hooks in that folder on commit, checkout, merge and push.`,
        location: { file: '.git/config' },
        evidence: `core.hooksPath = ${shipped.hooksPath}`,
        severity: husky ? 'low' : 'high',
        remediation: 'Run `git config --unset core.hooksPath` (or delete .git) before any other git command.',
      });
    }
    for (const { key, value } of shipped.commandKeys) {
      const match = KEY_WHEN.find(([re]) => re.test(key));
      if (!match) continue;
      const risk = key.startsWith('include') || key.startsWith('url.') ? undefined : analyzeHook(value).risk;
      ctx.report({
        message: `The shipped .git/config sets ${key} = \`${value.slice(0, 120)}\`: git runs it ${match[1]}${risk ? `, and ${risk.detail}` : ''}.`,
        location: { file: '.git/config' },
        evidence: `${key} = ${value}`,
        severity: risk?.risk === 'fetch-and-run' ? 'critical' : match[2],
      });
    }
  },
});
