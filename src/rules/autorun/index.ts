import type { Rule } from '../../core/rule.ts';
import direnv from './direnv/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';
import vscodeFolderOpenTask from './vscode-folder-open-task/rule.ts';
import toolConfig from './tool-config/rule.ts';
import vscodeSettingsExecutable from './vscode-settings-executable/rule.ts';
import jetbrainsStartup from './jetbrains-startup/rule.ts';
import vscodeTaskRemoteShell from './vscode-task-remote-shell/rule.ts';
import devcontainerHostCommand from './devcontainer-host-command/rule.ts';
import devcontainerLifecycle from './devcontainer-lifecycle/rule.ts';

const rules: readonly Rule[] = [
  direnv,
  npmLifecycleScript,
  vscodeFolderOpenTask,
  toolConfig,
  vscodeSettingsExecutable,
  jetbrainsStartup,
  vscodeTaskRemoteShell,
  devcontainerHostCommand,
  devcontainerLifecycle,
];
export default rules;
