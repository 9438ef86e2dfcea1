/** Format name → renderer. Reporters only format a Report; they compute nothing. */
import type { RuleMeta } from '../core/rule.ts';
import type { Report } from '../core/types.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';
import { renderWorkstationText } from './workstation-text.ts';

export const FORMATS = ['text', 'json', 'sarif', 'html', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
  rules: readonly RuleMeta[];
  /** Columns the text format fits (default 80). */
  width?: number | undefined;
}

export function render(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'text':
      if (report.target.kind === 'workstation') return renderWorkstationText(report, { color: options.color, verbose: options.verbose });
      return renderText(report, { color: options.color, verbose: options.verbose, width: options.width });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options.rules);
    case 'html':
      return renderHtml(report);
    case 'markdown':
      return renderMarkdown(report);
  }
}

/** Machine formats never carry progress or colour. */
export function isMachineFormat(format: Format): boolean {
  return format !== 'text';
}
