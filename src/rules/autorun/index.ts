import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';
import npmrcNodeOptions from './npmrc-node-options/rule.ts';
import pnpmfile from './pnpmfile/rule.ts';
import yarnPath from './yarn-path/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  npmLifecycleScript,
  npmrcNodeOptions,
  pnpmfile,
  yarnPath,
];
export default rules;
