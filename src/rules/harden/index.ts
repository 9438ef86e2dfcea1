import type { Rule } from '../../core/rule.ts';
import editorSettings from './editor-settings/rule.ts';
import elevatedUser from './elevated-user/rule.ts';
import editorTrustedFolders from './editor-trusted-folders/rule.ts';
import gitHooksPath from './git-hooks-path/rule.ts';
import installScripts from './install-scripts/rule.ts';
import plaintextSecrets from './plaintext-secrets/rule.ts';
import sshKeyPassphrase from './ssh-key-passphrase/rule.ts';
import walletExtensions from './wallet-extensions/rule.ts';

const rules: readonly Rule[] = [
  editorSettings,
  editorTrustedFolders,
  installScripts,
  gitHooksPath,
  plaintextSecrets,
  sshKeyPassphrase,
  walletExtensions,
  elevatedUser,
];
export default rules;
