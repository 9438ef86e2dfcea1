import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';

const rules: readonly Rule[] = [direnv];
export default rules;
