import type { Rule } from '../../core/rule.ts';
import editorSettings from './editor-settings/rule.ts';

const rules: readonly Rule[] = [editorSettings];
export default rules;
