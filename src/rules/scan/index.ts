import type { Rule } from '../../core/rule.ts';
import incompleteAnalysis from './incomplete-analysis/rule.ts';
import nothingScannable from './nothing-scannable/rule.ts';

const rules: readonly Rule[] = [incompleteAnalysis, nothingScannable];
export default rules;
