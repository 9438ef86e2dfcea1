import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import gitHooks from './git-hooks/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  gitHooks,
  npmLifecycleScript,
];
export default rules;
