import type { Rule } from '../../core/rule.ts';
import knownIndicator from './known-indicator/rule.ts';

const rules: readonly Rule[] = [knownIndicator];
export default rules;
