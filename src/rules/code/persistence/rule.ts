import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { pythonLineRuns } from '../../../analysis/py/called.ts';
import type { LoadReach } from '../../../analysis/py/called.ts';
import { persistenceSeverity, runsUnasked } from '../../../core/policy.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';
import type { Location } from '../../../core/types.ts';
import {
  gitGlobalRunner,
  NPM_CONFIG_SET,
  NPM_EFFECT,
  NPM_USER_CONFIG,
  persistencePlace,
  type PersistencePlace,
} from '../../../knowledge/persistence.ts';

/** Where a line of a Python file runs: with the modules the surfaces reaching it run. */
function pythonLoadReach(ctx: RuleContext, path: string, line: number | undefined): LoadReach {
  if (line === undefined) return { runs: true };
  const texts = new Map<string, string>();
  const own = ctx.text(path);
  if (own === undefined) return { runs: true };
  texts.set(path, own);
  for (const s of ctx.reachingSurfaces(path)) {
    for (const f of [s.entry, ...s.reaches]) {
      if (f === undefined || texts.has(f) || !f.endsWith('.py')) continue;
      const t = ctx.text(f);
      if (t !== undefined) texts.set(f, t);
    }
  }
  return pythonLineRuns(path, line, texts);
}

/** What `git config --global <key that runs a program>` writes to. */
const GLOBAL_GIT_CONFIG = persistencePlace('~/.gitconfig');

export default defineRule({
  meta: {
    id: 'code/persistence',
    severity: 'critical',
    confidence: 'medium',
    description:
      'Code writes to places that make a program start again later: Startup folders, Run keys, LaunchAgents, crontab, systemd units, shell start-up files, global git config, other repositories’ hooks, editor user settings and tasks, npm user config (critical when a trigger reaches it).',
    triggers: ['dev', 'build', 'start', 'install'],
    since: '0.1.0',
    atoms: ['start-up-places', 'config-places', 'writers', 'processes'],
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
                gitGlobalRunner(s.value) !== undefined ||
                NPM_CONFIG_SET.test(s.value)),
          )
          .map(s => ({ value: s.value ?? '', loc: s.loc })),
      ];
      // ~/.npmrc is also where a CLI keeps its registry token: a write counts when this file sets
      // what npm runs (`node-options`, `script-shell`).
      const setsNpmRunner = facts.strings.some(s => NPM_USER_CONFIG.test(s.value));
      const reported = new Set<string>();
      for (const w of writes) {
        const place: Pick<PersistencePlace, 'label' | 'effect' | 'userConfig'> | undefined =
          persistencePlace(w.value) ??
          (/\b(?:reg(?:\.exe)?\s+add|schtasks)\b/i.test(w.value) ? { label: 'Windows start-up settings', userConfig: false } : undefined) ??
          (gitGlobalRunner(w.value) !== undefined ? GLOBAL_GIT_CONFIG : undefined) ??
          ((/^~[\\/]+\.npmrc$/.test(w.value) && setsNpmRunner) || NPM_CONFIG_SET.test(w.value)
            ? { label: 'your npm user config', effect: NPM_EFFECT, userConfig: true }
            : undefined);
        if (!place || reported.has(place.label)) continue;
        reported.add(place.label);
        // Installing itself to start again is malicious when something runs it without being asked
        // (an install, folder-open or dev trigger): critical (DESIGN §3, core/policy.ts).
        // In Python, a write inside a function that the code that runs never calls (only a
        // command-line option's callback does) runs when the user asks for it, not on a trigger.
        const load = facts.language === 'python' ? pythonLoadReach(ctx, facts.path, w.loc.line) : { runs: true };
        const reaching = load.runs ? ctx.reachingSurfaces(facts.path) : [];
        const asked =
          load.fn === undefined || ctx.reachingSurfaces(facts.path).length === 0
            ? ''
            : ` It is in \`${load.fn}()\`, which the code that runs does not call itself: it runs when a command or option asks for it`;
        const severity = persistenceSeverity({
          reachedBy: reaching.map(r => r.trigger),
          automatic: runsUnasked(reaching),
          userConfig: place.userConfig,
          installed: facts.inNodeModules,
        });
        ctx.report({
          message: withReach(
            `This file writes to ${place.label} (${truncate(w.value, 100)}), ${place.effect ?? 'so a program starts again after reboot or with every new shell'}.${asked}`,
            reaching,
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
        const place = persistencePlace(s.value);
        if (!place || place.writeOnly) continue;
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
