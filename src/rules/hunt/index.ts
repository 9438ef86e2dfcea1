import type { Rule } from '../../core/rule.ts';
import hostArtefacts from './host-artefacts/rule.ts';

const rules: readonly Rule[] = [hostArtefacts];
export default rules;
