import type { Rule } from '../../core/rule.ts';
import editorWorkspaces from './editor-workspaces/rule.ts';
import hostArtefacts from './host-artefacts/rule.ts';
import liveProcesses from './live-processes/rule.ts';
import packageCaches from './package-caches/rule.ts';
import persistence from './persistence/rule.ts';
import repositories from './repositories/rule.ts';

const rules: readonly Rule[] = [hostArtefacts, persistence, liveProcesses, editorWorkspaces, repositories, packageCaches];
export default rules;
