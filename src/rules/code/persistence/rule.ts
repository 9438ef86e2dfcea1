import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import type { Location } from '../../../core/types.ts';

interface Place {
  label: string;
  test: RegExp;
}

export const PLACES: readonly Place[] = [
  { label: 'the Windows Startup folder', test: /Start Menu[\\/]+Programs[\\/]+Startup|[\\/]Startup[\\/]/i },
  { label: 'a Windows Run key', test: /CurrentVersion\\+Run(?:Once)?\b/i },
  { label: 'a macOS LaunchAgent', test: /Library[\\/]+Launch(?:Agents|Daemons)/ },
  { label: 'crontab', test: /\bcrontab\b|\/etc\/cron\.|\/var\/spool\/cron/ },
  { label: 'a shell start-up file', test: /\.(?:bashrc|zshrc|bash_profile|zprofile|profile)\b/ },
  { label: 'a Linux autostart entry', test: /\.config[\\/]+autostart|systemd[\\/]+user/ },
  { label: 'VS Code folders in your home directory', test: /(?:homedir\(\)|~|\$HOME|HOME)[^\n]{0,20}\.vscode|^\.vscode[\\/]+[\w.-]+\.js$/ },
];

export default defineRule({
  meta: {
    id: 'code/persistence',
    severity: 'high',
    confidence: 'medium',
    description:
      'Code writes to places that make a program start again later: Startup folders, Run keys, LaunchAgents, crontab, shell start-up files.',
    triggers: ['dev', 'build', 'start', 'install'],
    escalate: true,
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
              /\b(?:reg(?:\.exe)?\s+add|crontab|launchctl|schtasks)\b/i.test(s.value),
          )
          .map(s => ({ value: s.value ?? '', loc: s.loc })),
      ];
      const reported = new Set<string>();
      for (const w of writes) {
        const place =
          PLACES.find(p => p.test.test(w.value)) ??
          (/\b(?:reg(?:\.exe)?\s+add|schtasks)\b/i.test(w.value) ? { label: 'Windows start-up settings', test: /./ } : undefined);
        if (!place || reported.has(place.label)) continue;
        reported.add(place.label);
        const severity: Severity = facts.inNodeModules ? 'medium' : 'high';
        ctx.report({
          message: withReach(
            `This file writes to ${place.label} (${truncate(w.value, 100)}), so a program starts again after reboot or with every new shell`,
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
        if (!place || place.label === 'a shell start-up file' || place.label === 'crontab') continue;
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
