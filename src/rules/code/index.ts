import type { Rule } from '../../core/rule.ts';
import hiddenCode from './hidden-code/rule.ts';
import invisibleUnicode from './invisible-unicode/rule.ts';
import obfuscation from './obfuscation/rule.ts';
import yaraMatch from './yara-match/rule.ts';

const rules: readonly Rule[] = [
  obfuscation,
  hiddenCode,
  invisibleUnicode,
  yaraMatch,
];
export default rules;
