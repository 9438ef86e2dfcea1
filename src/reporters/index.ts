/** Format name → renderer. Reporters only format a Report; they compute nothing. */
import type { RuleMeta } from '../core/rule.ts';
import type { Report } from '../core/types.ts';
import { renderJson } from './json.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';
import { renderWorkstationText } from './workstation-text.ts';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
  rules: readonly RuleMeta[];
}

export function render(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'text':
      if (report.target.kind === 'workstation') return renderWorkstationText(report, { color: options.color, verbose: options.verbose });
      return renderText(report, { color: options.color, verbose: options.verbose });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options.rules);
  }
}

/** Machine formats never carry progress or colour. */
export function isMachineFormat(format: Format): boolean {
  return format !== 'text';
}
