/**
 * The shape of the user's configuration (`airlock.json`): what the engine and rules read. Loading
 * and validating it from a file is config/config.ts, a layer above.
 */
import type { Severity } from './types.ts';

export type RuleSetting = Severity | 'off';

export interface AirlockConfig {
  /** Where it came from (for notes). */
  source?: string;
  /** Per-rule severity override or "off". */
  rules: Record<string, RuleSetting>;
  /** Globs (root-relative, POSIX) whose findings are dropped. */
  ignore: string[];
  /** Honour `airlock-ignore <rule> -- reason` comments in scanned code (only for code you trust). */
  allowInlineSuppressions: boolean;
}

export const EMPTY_CONFIG: AirlockConfig = { rules: {}, ignore: [], allowInlineSuppressions: false };
