import { setYamlKey } from '../../../lang/yaml.ts';
import type { Severity } from '../../../core/types.ts';
import { joinAbs } from '../../../fs/path.ts';
import { exists, isDirectory, readHomeFile } from '../../../workstation/files.ts';
import { iniValue, parseIni, setIniKey } from '../../../workstation/ini.ts';
import { pnpmRcPath } from '../../../workstation/platform.ts';
import type { WorkstationContext } from '../../../workstation/rule.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

/** Reads a config file for auditing; undefined (after recording why) when it must be left alone. */
function readConfig(ctx: WorkstationContext, file: string): { text: string; bytes: Buffer | undefined } | undefined {
  const read = readHomeFile(ctx.home, file);
  if (read.ok) return { text: read.text, bytes: read.bytes };
  if (read.reason === 'absent') return { text: '', bytes: undefined };
  ctx.error(`${read.detail}: not audited`, file);
  return undefined;
}

interface IniIssue {
  key: string;
  want: string;
  severity: Severity;
  message: string;
}

function iniFile(
  ctx: WorkstationContext,
  file: string,
  tool: string,
  issues: (values: (k: string) => string | undefined) => IniIssue[],
): void {
  const cfg = readConfig(ctx, file);
  if (!cfg) return;
  const entries = parseIni(cfg.text);
  const found = issues(k => iniValue(entries, k));
  let after = cfg.text;
  for (const issue of found) {
    ctx.report({
      path: file,
      severity: issue.severity,
      message: issue.message,
      evidence: `${issue.key}=${iniValue(entries, issue.key) ?? '(not set)'}`,
      remediation: `Add \`${issue.key}=${issue.want}\` to ${ctx.display(file)} (\`airlock harden --fix\` does it, with a backup).`,
    });
    after = setIniKey(after, issue.key, issue.want);
  }
  if (found.length > 0) {
    ctx.propose({
      file,
      description: `${tool}: ${found.map(i => `${i.key}=${i.want}`).join(', ')}`,
      before: cfg.bytes,
      after: Buffer.from(after, 'utf8'),
    });
  }
}

export default defineWorkstationRule({
  meta: {
    id: 'harden/install-scripts',
    command: 'harden',
    severity: 'high',
    confidence: 'high',
    description: 'Package managers set to run install scripts by default (npm ignore-scripts, pnpm build policy, yarn enableScripts, Bun)',
    since: '0.1.0',
  },
  check(ctx) {
    iniFile(ctx, joinAbs(ctx.home, '.npmrc'), 'npm', get =>
      get('ignore-scripts') === 'true'
        ? []
        : [
            {
              key: 'ignore-scripts',
              want: 'true',
              severity: 'medium',
              message:
                'npm runs install scripts (preinstall/install/postinstall/prepare) of the project and of every dependency on `npm install`: the install trigger of the fake take-home repositories.',
            },
          ],
    );

    const pnpmRc = pnpmRcPath(ctx.home, ctx.os);
    const pnpmHome =
      ctx.os === 'win32'
        ? joinAbs(ctx.home, 'AppData', 'Local', 'pnpm')
        : ctx.os === 'darwin'
          ? joinAbs(ctx.home, 'Library', 'pnpm')
          : joinAbs(ctx.home, '.local', 'share', 'pnpm');
    const pnpmPresent = exists(pnpmRc) || isDirectory(pnpmHome);
    if (pnpmPresent) {
      iniFile(ctx, pnpmRc, 'pnpm', get => {
        const out: IniIssue[] = [];
        if (get('dangerously-allow-all-builds') === 'true') {
          ctx.report({
            path: pnpmRc,
            severity: 'high',
            message:
              'pnpm is set to run the build scripts of every dependency (`dangerously-allow-all-builds=true`), undoing its default protection.',
            evidence: 'dangerously-allow-all-builds=true',
            remediation: `Remove \`dangerously-allow-all-builds\` from ${ctx.display(pnpmRc)} and list the packages that need builds in \`onlyBuiltDependencies\` (pnpm-workspace.yaml).`,
          });
        }
        if (get('strict-dep-builds') !== 'true') {
          out.push({
            key: 'strict-dep-builds',
            want: 'true',
            severity: 'low',
            message:
              'pnpm only warns when a dependency wants to run a build script that is not allowed (`strict-dep-builds` is off); making it an error keeps new install scripts from slipping by.',
          });
        }
        if (get('minimum-release-age') === undefined) {
          out.push({
            key: 'minimum-release-age',
            want: '1440',
            severity: 'low',
            message:
              'pnpm installs versions published minutes ago (`minimum-release-age` unset); waiting a day avoids most hijacked releases, which are pulled within hours.',
          });
        }
        return out;
      });
    }

    const yarnrc = joinAbs(ctx.home, '.yarnrc.yml');
    if (exists(yarnrc) || isDirectory(joinAbs(ctx.home, '.yarn'))) {
      const cfg = readConfig(ctx, yarnrc);
      if (cfg) {
        const edit = setYamlKey(cfg.text, 'enableScripts', false);
        if (!edit.ok) ctx.error(`${edit.error.message}: not audited and not changed`, yarnrc);
        else if (edit.value.previous !== false) {
          ctx.report({
            path: yarnrc,
            severity: 'medium',
            message: 'Yarn runs the install scripts of dependencies (`enableScripts` is not false).',
            evidence: `enableScripts: ${JSON.stringify(edit.value.previous ?? null)}`,
            remediation: `Set \`enableScripts: false\` in ${ctx.display(yarnrc)} (\`airlock harden --fix\` does it, with a backup); allow single packages with \`dependenciesMeta.<pkg>.built: true\`.`,
          });
          ctx.propose({
            file: yarnrc,
            description: 'yarn: enableScripts: false',
            before: cfg.bytes,
            after: Buffer.from(edit.value.text, 'utf8'),
          });
        }
      }
    }

    if (isDirectory(joinAbs(ctx.home, '.bun'))) {
      ctx.note(
        "Bun is installed: it runs dependency install scripts only for packages in a project's `trustedDependencies` (plus its default allow-list), but it always runs the project's own scripts; use `bun install --ignore-scripts` for code you have not read, and review `trustedDependencies` with `bun pm untrusted`.",
      );
    }
  },
});
