/** Helpers shared by the runtime rules: reading a behaviour's fields and where to point a finding. */
import type { Behavior, Location, Trigger } from '../../core/types.ts';
import { TRIGGERS } from '../../core/types.ts';

export function str(b: Behavior, key: string): string | undefined {
  const v = b.detail?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function strList(b: Behavior, key: string): string[] {
  const v = b.detail?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function sourceOf(b: Behavior): Location {
  const s = b.detail?.['source'];
  if (s && typeof s === 'object' && typeof (s as { file?: unknown }).file === 'string') {
    const l = s as { file: string; line?: unknown };
    return typeof l.line === 'number' ? { file: l.file, line: l.line } : { file: l.file };
  }
  return { file: '' };
}

export function triggersOf(b: Behavior): Trigger[] {
  return (TRIGGERS as readonly string[]).includes(b.phase) ? [b.phase as Trigger] : [];
}

export function phaseWords(phase: string): string {
  switch (phase) {
    case 'open':
      return 'When the folder was opened';
    case 'install':
      return 'During install';
    case 'dev':
      return 'While the dev server ran';
    case 'test':
      return 'During the tests';
    default:
      return `During ${phase}`;
  }
}

export function clip(s: string, n = 200): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
