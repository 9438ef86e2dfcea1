import type { Rule } from '../../core/rule.ts';

const rules: readonly Rule[] = [];
export default rules;
