import type { Rule } from '../../core/rule.ts';
import hiddenHistory from './hidden-history/rule.ts';
import gitStoreEscape from './git-store-escape/rule.ts';
import historyAnomaly from './history-anomaly/rule.ts';
import lateAutorunChange from './late-autorun-change/rule.ts';
import ownerYoung from './owner-young/rule.ts';
import repoReputation from './repo-reputation/rule.ts';
import shippedGitHooks from './shipped-git-hooks/rule.ts';

const rules: readonly Rule[] = [
  shippedGitHooks,
  gitStoreEscape,
  historyAnomaly,
  lateAutorunChange,
  hiddenHistory,
  ownerYoung,
  repoReputation,
];
export default rules;
