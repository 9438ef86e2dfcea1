import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  npmLifecycleScript,
];
export default rules;
