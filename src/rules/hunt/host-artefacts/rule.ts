import { joinAbs } from '../../../fs/path.ts';
import { exists, isDirectory, listDir } from '../../../workstation/files.ts';
import type { ArtefactEntry } from '../../../workstation/ioc.ts';
import { persistenceDirs } from '../../../workstation/platform.ts';
import { compromised } from '../../../workstation/remediation.ts';
import { repositories } from '../../../workstation/repos.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

function homePath(home: string, p: string): string {
  return p === '~' ? home : joinAbs(home, ...p.replace(/^~\//, '').split('/'));
}

/** The folders an `in` placeholder stands for. */
function folders(ctx: WorkstationContext, where: string): string[] {
  switch (where) {
    case '$TMP':
      return [ctx.tmpDir];
    case '$LAUNCHAGENTS':
      return persistenceDirs(ctx.home, ctx.os)
        .filter(d => d.kind === 'launch-agent')
        .map(d => d.dir);
    case '$STARTUP':
      return persistenceDirs(ctx.home, ctx.os)
        .filter(d => d.kind === 'startup-folder')
        .map(d => d.dir);
    case '$REPO':
      return ctx.facts.get(repositories).repositories;
    default:
      return where.startsWith('~') ? [homePath(ctx.home, where)] : [];
  }
}

function sourcesOf(ctx: WorkstationContext, e: ArtefactEntry): string {
  // The keys are internal; a reader gets the public source itself.
  const known = e.source.map(s => ctx.ioc.host.sources[s]).filter((s): s is string => s !== undefined);
  return known.length > 0 ? known.join('; ') : 'Airlock host-artefact list (data/ioc/host-artefacts.json)';
}

function specificAdvice(e: ArtefactEntry, shown: string): string {
  if (/gh-token-monitor/i.test(shown))
    return `Unload ${shown} now (\`launchctl bootout gui/$(id -u) "${shown}"\`) and only then revoke GitHub tokens.`;
  if (/\.lock$/.test(shown)) return 'A loader is (or was) running: find and end the detached `node -` processes (see hunt/live-processes).';
  if (e.severity === 'critical') return `Do not run or open ${shown}; keep a copy for investigators.`;
  return `Check what created ${shown}; the editor itself never writes it.`;
}

export default defineWorkstationRule({
  meta: {
    id: 'hunt/host-artefacts',
    command: 'hunt',
    severity: 'critical',
    confidence: 'high',
    description:
      'Files and folders the campaign drops on a developer machine (~/.vscode stages, ~/.n2, temp lock files, LaunchAgents, startup items)',
    since: '0.1.0',
  },
  check(ctx) {
    const entries = ctx.ioc.host.entries.filter(e => e.os.includes(ctx.os));
    for (const e of entries) {
      if (e.path !== undefined) {
        const abs = homePath(ctx.home, e.path);
        if (!exists(abs)) continue;
        const shown = ctx.display(abs);
        ctx.report({
          path: abs,
          severity: e.severity,
          message: `${shown} is present: ${e.note}.`,
          evidence: `IOC data v${ctx.ioc.host.version}; ${sourcesOf(ctx, e)}`,
          remediation: compromised(ctx.os, specificAdvice(e, shown)),
        });
        continue;
      }
      if (!e.pattern || e.in === undefined) continue;
      for (const dir of folders(ctx, e.in)) {
        if (!isDirectory(dir)) continue;
        const list = listDir(dir);
        if (!list) {
          ctx.error('folder could not be listed', dir);
          continue;
        }
        for (const d of list) {
          if (!e.pattern.test(d.name)) continue;
          const abs = joinAbs(dir, d.name);
          const shown = ctx.display(abs);
          ctx.report({
            path: abs,
            severity: e.severity,
            message: `${shown} is present: ${e.note}.`,
            evidence: `IOC data v${ctx.ioc.host.version}; ${sourcesOf(ctx, e)}`,
            remediation: compromised(ctx.os, specificAdvice(e, shown)),
          });
        }
      }
    }
    if (ctx.os === 'win32') {
      ctx.note(
        'Registry Run keys (for example NvidiaDriverUpdate) were not checked: Airlock does not read the Windows registry. Run `reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run` yourself.',
      );
    }
  },
});
