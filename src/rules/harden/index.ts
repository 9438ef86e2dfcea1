import type { Rule } from '../../core/rule.ts';
import editorSettings from './editor-settings/rule.ts';
import editorTrustedFolders from './editor-trusted-folders/rule.ts';
import installScripts from './install-scripts/rule.ts';

const rules: readonly Rule[] = [editorSettings, editorTrustedFolders, installScripts];
export default rules;
