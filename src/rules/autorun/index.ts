import type { Rule } from '../../core/rule.ts';
import bunPreload from './bun-preload/rule.ts';
import direnv from './direnv/rule.ts';
import gitHooks from './git-hooks/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';
import npmrcNodeOptions from './npmrc-node-options/rule.ts';
import pnpmfile from './pnpmfile/rule.ts';
import yarnPath from './yarn-path/rule.ts';

const rules: readonly Rule[] = [
  bunPreload,
  direnv,
  gitHooks,
  npmLifecycleScript,
  npmrcNodeOptions,
  pnpmfile,
  yarnPath,
];
export default rules;
