import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';
import npmrcNodeOptions from './npmrc-node-options/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  npmLifecycleScript,
  npmrcNodeOptions,
];
export default rules;
