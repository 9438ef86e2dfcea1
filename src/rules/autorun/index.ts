import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import gitHooks from './git-hooks/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  gitHooks,
];
export default rules;
