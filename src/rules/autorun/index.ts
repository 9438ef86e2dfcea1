import type { Rule } from '../../core/rule.ts';
import bunPreload from './bun-preload/rule.ts';
import devcontainerHostCommand from './devcontainer-host-command/rule.ts';
import devcontainerLifecycle from './devcontainer-lifecycle/rule.ts';
import direnv from './direnv/rule.ts';
import frameworkServer from './framework-server/rule.ts';
import gitHooks from './git-hooks/rule.ts';
import jetbrainsStartup from './jetbrains-startup/rule.ts';
import npmLifecycleScript from './npm-lifecycle-script/rule.ts';
import npmrcNodeOptions from './npmrc-node-options/rule.ts';
import pnpmfile from './pnpmfile/rule.ts';
import toolConfig from './tool-config/rule.ts';
import vscodeFolderOpenTask from './vscode-folder-open-task/rule.ts';
import vscodeSettingsExecutable from './vscode-settings-executable/rule.ts';
import vscodeTaskRemoteShell from './vscode-task-remote-shell/rule.ts';
import yarnPath from './yarn-path/rule.ts';

/** Execution-map rules, in catalogue order: editors and IDEs first, then package managers and tools. */
const rules: readonly Rule[] = [
  vscodeFolderOpenTask,
  vscodeTaskRemoteShell,
  vscodeSettingsExecutable,
  devcontainerHostCommand,
  devcontainerLifecycle,
  jetbrainsStartup,
  gitHooks,
  npmLifecycleScript,
  npmrcNodeOptions,
  yarnPath,
  pnpmfile,
  bunPreload,
  toolConfig,
  frameworkServer,
  direnv,
];
export default rules;
