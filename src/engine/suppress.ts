/**
 * Applies the user's configuration to findings: severity overrides, path ignores and (only when
 * the user's own config allows it) inline `airlock-ignore <rule> -- reason` comments. In an
 * untrusted repository such a comment is itself a signal, so it is shown, never obeyed.
 */
import picomatch from 'picomatch';
import type { AirlockConfig } from '../core/config.ts';
import { lineIndexOf } from '../core/line-index.ts';
import type { LineIndex } from '../core/line-index.ts';
import type { Finding } from '../core/types.ts';

const INLINE = /airlock-ignore\s+([a-z]+\/[a-z0-9-]+|\*)\s+--\s*(\S.{0,200})/g;

export interface SuppressionResult {
  kept: Finding[];
  suppressed: { ruleId: string; file: string; line?: number; reason: string }[];
}

function inlineSuppressions(lines: LineIndex, line: number): { rule: string; reason: string }[] {
  const out: { rule: string; reason: string }[] = [];
  for (const n of [line - 1, line]) {
    const text = lines.lineText(n);
    if (text === undefined || !text.includes('airlock-ignore')) continue;
    for (const m of text.matchAll(INLINE)) out.push({ rule: m[1] ?? '', reason: (m[2] ?? '').trim() });
  }
  return out;
}

export function applyConfig(findings: Finding[], config: AirlockConfig, text: (file: string) => string | undefined): SuppressionResult {
  const ignored = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : undefined;
  const kept: Finding[] = [];
  const suppressed: SuppressionResult['suppressed'] = [];
  for (const f of findings) {
    const setting = config.rules[f.ruleId];
    if (setting === 'off') {
      suppressed.push({
        ruleId: f.ruleId,
        file: f.location.file,
        ...(f.location.line ? { line: f.location.line } : {}),
        reason: 'rule turned off in config',
      });
      continue;
    }
    if (setting) f.severity = setting;
    if (ignored && f.location.file !== '' && ignored(f.location.file)) {
      suppressed.push({
        ruleId: f.ruleId,
        file: f.location.file,
        ...(f.location.line ? { line: f.location.line } : {}),
        reason: 'path ignored in config',
      });
      continue;
    }
    if (f.location.line !== undefined) {
      const hits = inlineSuppressions(lineIndexOf(text(f.location.file) ?? ''), f.location.line).filter(
        s => s.rule === f.ruleId || s.rule === '*',
      );
      const hit = hits[0];
      if (hit) {
        if (config.allowInlineSuppressions) {
          suppressed.push({ ruleId: f.ruleId, file: f.location.file, line: f.location.line, reason: hit.reason });
          continue;
        }
        f.message += ' (The code carries an airlock-ignore comment for this finding; comments in a scanned repository are not obeyed.)';
      }
    }
    kept.push(f);
  }
  return { kept, suppressed };
}
