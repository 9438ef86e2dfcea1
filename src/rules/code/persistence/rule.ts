import { defineRule } from '../../../core/rule.ts';
import { persistenceSeverity, runsUnasked } from '../../../core/policy.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import type { Location } from '../../../core/types.ts';

interface Place {
  label: string;
  test: RegExp;
  /** Named without a write is ordinary (tools read these files): only a write counts. */
  writeOnly?: boolean;
  /** What the entry makes happen (default: starts again after reboot or with every new shell). */
  effect?: string;
  /** The user's own configuration, which dotfile and tool installers edit on request (core/policy.ts). */
  userConfig?: boolean;
}

const GIT_EFFECT = 'so a program runs with your git commands in every repository';
const NPM_EFFECT = 'so a program runs with every npm script and every node process npm starts';

export const PLACES: readonly Place[] = [
  { label: 'the Windows Startup folder', test: /Start Menu[\\/]+Programs[\\/]+Startup|[\\/]Startup[\\/]/i },
  { label: 'a Windows Run key', test: /CurrentVersion\\+Run(?:Once)?\b/i },
  { label: 'a macOS LaunchAgent', test: /Library[\\/]+Launch(?:Agents|Daemons)/ },
  { label: 'crontab', test: /\bcrontab\b|\/etc\/cron\.|\/var\/spool\/cron/ },
  {
    label: 'a shell start-up file',
    test: /\.(?:bashrc|zshrc|zshenv|zlogin|bash_profile|bash_login|zprofile|profile)\b|fish[\\/]+(?:config\.fish|conf\.d[\\/])|\/etc\/profile\.d\//,
    userConfig: true,
  },
  { label: 'a Linux autostart entry', test: /\.config[\\/]+autostart|systemd[\\/]+user|\/etc\/systemd\/system\// },
  {
    label: 'your SSH authorized keys',
    test: /\.ssh[\\/]+authorized_keys2?\b/,
    writeOnly: true,
    effect: 'so someone else can log in to this machine as you',
  },
  {
    label: 'Python start-up hooks (site-packages .pth, sitecustomize)',
    test: /(?:site-packages|dist-packages|\$SITE_PACKAGES)[\\/]+[^\\/\n]*\.pth$|(?:^|[\\/])(?:sitecustomize|usercustomize)\.py$/,
    writeOnly: true,
    effect: 'so a program runs every time Python starts',
  },
  { label: 'VS Code folders in your home directory', test: /(?:homedir\(\)|~|\$HOME|HOME)[^\n]{0,20}\.vscode|^\.vscode[\\/]+[\w.-]+\.js$/ },
  {
    label: 'your editor user settings or tasks (VS Code, Cursor)',
    test: /(?:Code|Code - Insiders|VSCodium|Cursor|Windsurf)[\\/]+User[\\/]+(?:settings|tasks|keybindings)\.json/,
    writeOnly: true,
    effect: 'so a program runs in every folder and terminal your editor opens',
    userConfig: true,
  },
  {
    label: 'your global git config',
    test: /^~[\\/]+(?:\.gitconfig|\.config[\\/]+git[\\/]+config)$/,
    writeOnly: true,
    effect: GIT_EFFECT,
    userConfig: true,
  },
  {
    label: 'the git hooks of other repositories',
    test: /^~[\\/].*[\\/]\.git[\\/]+(?:hooks[\\/]|config$)/,
    writeOnly: true,
    effect: 'so a program runs when you commit or check out in those repositories',
  },
];

/** `git config --global` keys that run a program: hooks, file monitors, aliases, pagers, editors. */
const GIT_GLOBAL =
  /\bgit\b[^\n]*\bconfig\b[^\n]*--(?:global|system)\b[^\n]*\b(?:core\.(?:hooksPath|fsmonitor|sshCommand|pager|editor)|alias\.[\w-]+|include\.path|sequence\.editor|diff\.external)\b/i;
/** npm user settings that run a program with every script or node process npm starts. */
const NPM_USER_CONFIG = /\b(?:node-options|script-shell|onload-script)\b/;
const NPM_CONFIG_SET = /\bnpm\s+config\s+set\s+(?:node-options|script-shell|onload-script)\b(?![^\n]*--location[= ]project)/;

export default defineRule({
  meta: {
    id: 'code/persistence',
    severity: 'critical',
    confidence: 'medium',
    description:
      'Code writes to places that make a program start again later: Startup folders, Run keys, LaunchAgents, crontab, systemd units, shell start-up files, global git config, other repositories’ hooks, editor user settings and tasks, npm user config (critical when a trigger reaches it).',
    triggers: ['dev', 'build', 'start', 'install'],
    since: '0.1.0',
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const writes: { value: string; loc: Location }[] = [
        ...facts.writes.filter(w => w.path !== undefined).map(w => ({ value: w.path ?? '', loc: w.loc })),
        ...facts.sinks
          .filter(
            s =>
              (s.kind === 'shell' || s.kind === 'spawn') &&
              s.value !== undefined &&
              (/\b(?:reg(?:\.exe)?\s+add|crontab|launchctl|schtasks)\b/i.test(s.value) ||
                GIT_GLOBAL.test(s.value) ||
                NPM_CONFIG_SET.test(s.value)),
          )
          .map(s => ({ value: s.value ?? '', loc: s.loc })),
      ];
      // ~/.npmrc is also where a CLI keeps its registry token: a write counts when this file sets
      // what npm runs (`node-options`, `script-shell`).
      const setsNpmRunner = facts.strings.some(s => NPM_USER_CONFIG.test(s.value));
      const reported = new Set<string>();
      for (const w of writes) {
        const place =
          PLACES.find(p => p.test.test(w.value)) ??
          (/\b(?:reg(?:\.exe)?\s+add|schtasks)\b/i.test(w.value) ? { label: 'Windows start-up settings', test: /./ } : undefined) ??
          (GIT_GLOBAL.test(w.value) ? { label: 'your global git config', test: /./, effect: GIT_EFFECT, userConfig: true } : undefined) ??
          ((/^~[\\/]+\.npmrc$/.test(w.value) && setsNpmRunner) || NPM_CONFIG_SET.test(w.value)
            ? { label: 'your npm user config', test: /./, effect: NPM_EFFECT, userConfig: true }
            : undefined);
        if (!place || reported.has(place.label)) continue;
        reported.add(place.label);
        // Installing itself to start again is malicious when something runs it without being asked
        // (an install, folder-open or dev trigger): critical (DESIGN §3, core/policy.ts).
        const reaching = ctx.reachingSurfaces(facts.path);
        const severity = persistenceSeverity({
          reachedBy: reaching.map(r => r.trigger),
          automatic: runsUnasked(reaching),
          userConfig: place.userConfig === true,
          installed: facts.inNodeModules,
        });
        ctx.report({
          message: withReach(
            `This file writes to ${place.label} (${truncate(w.value, 100)}), ${place.effect ?? 'so a program starts again after reboot or with every new shell'}`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            w.loc.line,
          ),
          location: w.loc,
          severity,
          evidence: truncate(w.value),
        });
      }
      if (facts.inNodeModules || reported.size > 0) continue;
      for (const s of facts.strings) {
        const place = PLACES.find(p => p.test.test(s.value));
        if (!place || place.writeOnly === true || place.label === 'a shell start-up file' || place.label === 'crontab') continue;
        ctx.report({
          message: withReach(
            `This file names ${place.label} (${truncate(s.value, 100)}), a place programs use to start again later`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            s.loc.line,
          ),
          location: s.loc,
          severity: 'medium',
          evidence: truncate(s.value),
        });
        break;
      }
    }
  },
});
