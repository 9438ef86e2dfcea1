import type { Severity } from '../../../core/types.ts';
import { joinAbs, resolveAbs } from '../../../fs/path.ts';
import { isInside, readHomeFile } from '../../../workstation/files.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

/** `core.hooksPath` values of a git config file (section and key names are case-insensitive). */
export function hooksPaths(text: string): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[\s*([A-Za-z0-9.-]+)(\s+"[^"]*")?\s*\]/.exec(line);
    if (head) {
      section = head[2] === undefined ? (head[1] ?? '').toLowerCase() : '';
      return;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv || section !== 'core' || (kv[1] ?? '').toLowerCase() !== 'hookspath') return;
    let value = kv[2] ?? '';
    if (value.startsWith('"')) value = value.slice(1, value.indexOf('"', 1) > 0 ? value.indexOf('"', 1) : undefined);
    else value = value.replace(/\s[#;].*$/, '').trim();
    out.push({ value, line: i + 1 });
  });
  return out;
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/git-hooks-path',
    command: 'harden',
    severity: 'high',
    confidence: 'high',
    description: 'A global git core.hooksPath that hands hooks to each repository or to an unexpected folder',
    since: '0.1.0',
  },
  check(ctx) {
    const files = [joinAbs(ctx.home, '.gitconfig'), joinAbs(ctx.home, '.config', 'git', 'config')];
    for (const file of files) {
      const read = readHomeFile(ctx.home, file);
      if (!read.ok) {
        if (read.reason !== 'absent') ctx.error(`${read.detail}: not audited`, file);
        continue;
      }
      for (const { value, line } of hooksPaths(read.text)) {
        if (value === '/dev/null' || value.toLowerCase() === 'nul') continue;
        const absolute = value.startsWith('/') || value.startsWith('~') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
        let severity: Severity;
        let why: string;
        if (!absolute) {
          severity = 'high';
          why = `is relative (\`${value}\`): git then runs hooks from that folder inside every repository, so a cloned or unzipped repository ships hooks that run on checkout, commit and merge`;
        } else {
          const abs = value.startsWith('~') ? joinAbs(ctx.home, value.slice(1).replace(/^[\\/]/, '')) : resolveAbs(value);
          const odd =
            ['.vscode', '.n2', 'Downloads', 'Desktop'].map(d => joinAbs(ctx.home, d)).some(d => isInside(d, abs)) ||
            (!isInside(ctx.home, abs) && /^(?:\/tmp|\/var\/tmp|\/private\/tmp)(?:\/|$)/.test(abs));
          if (odd) {
            severity = 'high';
            why = `points into ${ctx.display(abs)}, a folder where downloads and the campaign's stages land, not a place for your git hooks`;
          } else {
            severity = 'low';
            why = `points every repository at the hooks in ${ctx.display(abs)}; make sure you wrote them`;
          }
        }
        ctx.report({
          path: file,
          severity,
          message: `Your global git configuration's core.hooksPath ${why}.`,
          evidence: `${ctx.display(file)}:${line}: hooksPath = ${value}`,
          remediation: `If you did not set it, remove it with \`git config --global --unset core.hooksPath\` and look at what the folder contains (research: a folder-open task ran \`git config core.hooksPath .github\`). Airlock never removes settings for you.`,
        });
      }
    }
  },
});
