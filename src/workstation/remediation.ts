/**
 * "What to do next" texts shared by the hunt rules. The order matters: stop what runs and unload
 * persistence first, rotate credentials from another device second, delete artefacts last
 * (research/techniques.md T14: revoking GitHub tokens while the `gh-token-monitor` LaunchAgent was
 * loaded was observed to wipe $HOME).
 */
import type { Os } from './platform.ts';

export const ROTATE =
  'From a different, clean device rotate what this machine held: GitHub/GitLab tokens and SSH keys, npm tokens, cloud keys (~/.aws and others), passwords saved in browsers, and move crypto-wallet funds to new wallets whose seed never touched this machine.';

export function unloadFirst(os: Os): string {
  switch (os) {
    case 'darwin':
      return "First unload the campaign's LaunchAgents (`launchctl bootout gui/$(id -u) ~/Library/LaunchAgents/<name>.plist`, e.g. gh-token-monitor) BEFORE revoking any GitHub token: revoking while gh-token-monitor runs was observed to wipe $HOME.";
    case 'win32':
      return 'First remove the login items (Startup folder entries, and the HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run values such as NvidiaDriverUpdate, which Airlock cannot read) and end the node/python processes they start, BEFORE revoking tokens.';
    case 'linux':
      return 'First stop what restarts the stage (cron lines, ~/.config/autostart and systemd --user units) and end its node/python processes, BEFORE revoking tokens.';
  }
}

/** For evidence that a stage ran: contain, unload, rotate, then clean up. */
export function compromised(os: Os, specific: string): string {
  return `${specific} ${unloadFirst(os)} Disconnect the machine from the network while you do. ${ROTATE} Then delete the artefacts (keep a copy for investigators) and read docs/workstation.md, "I think I opened a malicious repository".`;
}
