import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import type { GapKind, ReportError, Severity, Trigger } from '../../../core/types.ts';
import { inInstalledNodeModules } from '../../../analysis/coverage.ts';
import { formatBytes } from '../../../fs/extract.ts';
import { baseName } from '../../../fs/path.ts';
import { templateFolder } from '../../../fs/template.ts';
import { isCodePath } from '../../../analysis/text-source.ts';
import { TRIGGERS } from '../../../core/types.ts';
import { isLockfile, manifestKind, triggerOfName } from './trigger-files.ts';

/** The gap that names a finding when a file has several, most telling first. */
const ORDER: readonly GapKind[] = [
  'traversal',
  'encrypted',
  'unreadable',
  'not-regular',
  'symlink-out',
  'too-large',
  'unparseable',
  'truncated',
];

/** Gaps that hide a file's content entirely: a finding wherever the file is. */
const OPAQUE: ReadonlySet<GapKind> = new Set(['traversal', 'encrypted', 'unreadable']);

const REASON: Record<GapKind, string> = {
  'too-large': 'it is larger than what Airlock analyses in full, so only part of it was analysed',
  truncated: 'its analysis stopped at a budget before the end of the file',
  unparseable: 'it does not parse, so only its text was searched',
  unreadable: 'it could not be read as text (binary or undecodable content, permission denied or an I/O error)',
  'not-regular': 'it is not a regular file (a FIFO, device or socket), so nothing was read from it',
  'symlink-out': 'it is a symbolic link that leaves the repository, so what a tool would read there was not analysed',
  encrypted: 'it is an encrypted archive entry, so it was not unpacked',
  traversal:
    'its name in the archive leaves the folder (`..` or an absolute path) or is one no unpacker agrees on (a NUL byte, too long or too deep), so it was not unpacked; an unpacker that obeys it writes outside the folder or to another name',
  'analysis-failed': 'a shared analysis of the repository failed, so the rules built on it did not finish',
};

const WHEN: Record<Trigger, string> = {
  open: 'on opening the folder',
  install: 'on install',
  dev: 'on dev',
  'page-load': "when the app's page loads in a browser",
  build: 'on build',
  start: 'on start',
  test: 'on test',
  lint: 'on lint',
  commit: 'on commit',
  shell: 'on entering the folder in a shell',
  readme: "when you follow the README's instructions",
};

/**
 * Triggers whose surfaces define, run or load the file. A surface defined inside a template
 * folder (a compose file or package.json of the template) is part of the template, not of what
 * runs: it counts only for files outside that folder.
 */
function surfaceTriggers(ctx: RuleContext): Map<string, Set<Trigger>> {
  const out = new Map<string, Set<Trigger>>();
  const add = (file: string | undefined, t: Trigger, from: string | undefined): void => {
    if (file === undefined) return;
    const template = templateFolder(file);
    if (template !== undefined && from !== undefined && (from === template || from.startsWith(`${template}/`))) return;
    const set = out.get(file) ?? new Set<Trigger>();
    set.add(t);
    out.set(file, set);
  };
  for (const s of ctx.executionMap) {
    const from = templateFolder(s.location.file);
    add(s.location.file, s.trigger, from ?? s.location.file);
    add(s.entry, s.trigger, from);
    for (const r of s.reaches) add(r, s.trigger, from);
  }
  return out;
}

/** A gap that hid the whole content (unreadable, encrypted, escaping): it matters whoever read the file. */
function hidesContent(gaps: readonly ReportError[]): boolean {
  return gaps.some(g => g.kind !== undefined && OPAQUE.has(g.kind));
}

function gapsByFile(errors: readonly ReportError[]): Map<string, ReportError[]> {
  const out = new Map<string, ReportError[]>();
  for (const e of errors) {
    if (e.kind === undefined || e.file === undefined) continue;
    const list = out.get(e.file) ?? [];
    list.push(e);
    out.set(e.file, list);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'scan/incomplete-analysis',
    severity: 'critical',
    confidence: 'high',
    description:
      'A file that a trigger reads or runs could not be fully analysed (too large, truncated, unparseable, unreadable, not a regular file, a link out of the tree, an encrypted or escaping archive entry).',
    triggers: TRIGGERS.filter(t => t !== 'page-load'),
    phase: 'final',
    since: '0.1.0',
  },
  run(ctx) {
    const reached = surfaceTriggers(ctx);
    for (const [file, all] of gapsByFile(ctx.errors)) {
      // What install does with a lockfile is what the dependency reader (the `deps/*` rules' tree)
      // makes of it; the text pass's read cap on the same file says nothing about the packages.
      const gaps = isLockfile(file) && !hidesContent(all) ? all.filter(g => g.by?.area === 'deps') : all;
      if (gaps.length === 0) continue;
      const kinds = new Set(gaps.map(g => g.kind as GapKind));
      const opaque = [...kinds].some(k => OPAQUE.has(k));
      if (!opaque && inInstalledNodeModules(ctx.inventory, file)) continue;
      const triggers = new Set(reached.get(file) ?? []);
      const byName = triggerOfName(file);
      const template = templateFolder(file);
      // A template's file that does not parse (its placeholders are not YAML, TOML or code yet)
      // is read by no tool where it is: context, unless something outside the template runs it.
      if (template !== undefined && !opaque && triggers.size === 0 && [...kinds].every(k => k === 'unparseable')) {
        if (byName !== undefined)
          ctx.report({
            severity: 'low',
            message: `${file} is part of the project template ${template}/ and does not parse as it stands, so only its text was searched; a generator renders it into a new project before any tool reads it, and nothing in this repository runs it.`,
            location: { file },
            evidence: [...new Set(gaps.map(g => g.message))].slice(0, 5).join('\n'),
          });
        continue;
      }
      if (byName !== undefined) triggers.add(byName);
      const codeNotRegular = kinds.has('not-regular') && isCodePath(file);
      if (!opaque && triggers.size === 0 && !codeNotRegular) continue;

      const kind = ORDER.find(k => kinds.has(k)) ?? 'too-large';
      const manifest = manifestKind(file);
      const severity: Severity = kinds.has('too-large') && manifest !== undefined ? 'critical' : 'high';
      const ordered = TRIGGERS.filter(t => triggers.has(t));
      const when = ordered.length > 0 ? `, which is read or run ${ordered.map(t => WHEN[t]).join(', ')}` : '';
      const size = ctx.inventory.byPath.get(file)?.size ?? 0;
      const sizeNote = kinds.has('too-large') && size > 0 ? ` (${formatBytes(size)})` : '';
      const parts: string[] = [];
      if (isLockfile(file)) {
        parts.push(
          `Airlock could not read the lockfile ${file}${sizeNote}${when}: ${gaps[0]?.by?.detail ?? REASON[kind]}.`,
          'The packages it pins install without being checked for known malware, typosquats or altered sources.',
        );
      } else {
        parts.push(`Airlock could not fully analyse ${file}${sizeNote}${when}: ${REASON[kind]}.`);
        parts.push(
          severity === 'critical'
            ? `A ${manifest ?? baseName(file)} this large is never legitimate: padding is how a payload is pushed past a scanner's limits.`
            : 'What it does is unknown, so the scan cannot vouch for it.',
        );
      }
      ctx.report({
        severity,
        message: parts.join(' '),
        location: { file },
        evidence: [...new Set(gaps.map(g => g.message))].slice(0, 5).join('\n'),
        ...(ordered.length > 0 ? { triggers: ordered } : {}),
        remediation:
          'Do not open, install or run the repository until you know why: look at the file by hand (its size, permissions, type, where a link points), or fix what stopped the analysis and scan again.',
      });
    }
  },
});
