/**
 * Indicators don't carry the verdict: with `ioc/known-indicator` and `deps/known-malicious` off in
 * the config, every lure the project knows still blocks on behaviour alone. The lures are the
 * folders listed below, every folder under examples/ but the clean app, and every rule's match
 * fixture whose expected.json declares a critical finding (found afresh on each run, so a new lure
 * fixture is held to this too).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAirlock } from '../helpers/cli.ts';
import { tempRepo } from '../helpers/fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The rule fixtures and examples that are lures (they block with indicator data on). */
const LURES = [
  'examples/take-home-lure',
  'src/rules/code/credential-access/fixtures/match/gh-auth-token',
  'src/rules/code/credential-access/fixtures/match/ssh-key-formdata',
  'src/rules/code/credential-access/fixtures/match/wallet-extension-upload',
  'src/rules/code/download-and-execute/fixtures/match/computed-destructuring',
  'src/rules/code/download-and-execute/fixtures/match/create-require',
  'src/rules/code/download-and-execute/fixtures/match/curl-pipe-sh',
  'src/rules/code/download-and-execute/fixtures/match/get-builtin-module',
  'src/rules/code/download-and-execute/fixtures/match/mainmodule-require',
  'src/rules/code/download-and-execute/fixtures/match/member-write-keeps-module',
  'src/rules/code/download-and-execute/fixtures/match/module-constructor-load',
  'src/rules/code/download-and-execute/fixtures/match/ternary-and-or-module',
  'src/rules/code/download-and-execute/fixtures/match/write-then-spawn',
  'src/rules/code/env-exfiltration/fixtures/match/env-alias-dump',
  'src/rules/code/env-exfiltration/fixtures/match/host-fingerprint',
  'src/rules/code/env-exfiltration/fixtures/match/post-env',
  'src/rules/code/hidden-code/fixtures/match/tailwind-offscreen',
  'src/rules/code/remote-code-execution/fixtures/match/async-function-prototype',
  'src/rules/code/remote-code-execution/fixtures/match/blockchain-getmemo',
  'src/rules/code/remote-code-execution/fixtures/match/bound-eval',
  'src/rules/code/remote-code-execution/fixtures/match/cross-file',
  'src/rules/code/remote-code-execution/fixtures/match/dns-txt-eval',
  'src/rules/code/remote-code-execution/fixtures/match/env-base64-axios',
  'src/rules/code/remote-code-execution/fixtures/match/env-file-parsed-by-hand',
  'src/rules/code/remote-code-execution/fixtures/match/font-loader',
  'src/rules/code/remote-code-execution/fixtures/match/function-call-call',
  'src/rules/code/remote-code-execution/fixtures/match/function-constructor-variant',
  'src/rules/code/remote-code-execution/fixtures/match/https-get-eval',
  'src/rules/code/remote-code-execution/fixtures/match/inline-html',
  'src/rules/code/remote-code-execution/fixtures/match/json-data-file-function',
  'src/rules/code/remote-code-execution/fixtures/match/literal-method-constructor',
  'src/rules/code/remote-code-execution/fixtures/match/node-stdin',
  'src/rules/code/remote-code-execution/fixtures/match/obfuscated-loader',
  'src/rules/code/remote-code-execution/fixtures/match/property-descriptor-eval',
  'src/rules/code/remote-code-execution/fixtures/match/reflect-apply-eval',
  'src/rules/code/remote-code-execution/fixtures/match/unrecovered-base64-timer',
  'src/rules/code/remote-code-execution/fixtures/match/worker-eval',
  'src/rules/code/remote-code-execution/fixtures/match/xor-decoder-data-file-vm',
  'src/rules/autorun/devcontainer-host-command/fixtures/match/initialize-curl-sh',
  'src/rules/autorun/devcontainer-host-command/fixtures/match/initialize-object-form',
  'src/rules/autorun/devcontainer-host-command/fixtures/match/root-devcontainer-json',
  'src/rules/autorun/jetbrains-startup/fixtures/match/startup-shell-script',
  'src/rules/autorun/npm-lifecycle-script/fixtures/match/nested-font-loader',
  'src/rules/autorun/npm-lifecycle-script/fixtures/match/postinstall-curl-pipe',
  'src/rules/autorun/npm-lifecycle-script/fixtures/match/prepare-background-server',
  'src/rules/autorun/npmrc-node-options/fixtures/match/script-shell-local',
  'src/rules/autorun/vscode-folder-open-task/fixtures/match/hidden-per-os-curl',
  'src/rules/autorun/vscode-settings-executable/fixtures/match/allow-automatic-tasks',
  'src/rules/autorun/vscode-settings-executable/fixtures/match/launch-npm-script',
  'src/rules/autorun/vscode-task-remote-shell/fixtures/match/depends-on-remote',
  'src/rules/autorun/vscode-task-remote-shell/fixtures/match/folder-open-curl-bash',
  'src/rules/autorun/vscode-task-remote-shell/fixtures/match/font-node-task',
  'src/rules/autorun/vscode-task-remote-shell/fixtures/match/hooks-path',
  'src/rules/autorun/vscode-task-remote-shell/fixtures/match/windows-only-powershell',
];

/** Areas whose lures need more than the folder (provenance fixtures are git repositories built at test time). */
const NOT_A_FOLDER = /^provenance\//;
/** The indicator rules themselves: their fixtures block on the indicator. */
const INDICATOR_RULES = /^(?:ioc\/|deps\/known-malicious$)/;

function criticalFixtures(): string[] {
  const out: string[] = [];
  const rules = join(ROOT, 'src/rules');
  for (const area of readdirSync(rules, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const rule of readdirSync(join(rules, area.name), { withFileTypes: true })) {
      const id = `${area.name}/${rule.name}`;
      const file = join(rules, id, 'fixtures/expected.json');
      if (!rule.isDirectory() || INDICATOR_RULES.test(id) || NOT_A_FOLDER.test(id) || !existsSync(file)) continue;
      const expected = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { severity: string }[]>;
      for (const [name, findings] of Object.entries(expected))
        if (name.startsWith('match/') && findings.some(f => f.severity === 'critical')) out.push(`src/rules/${id}/fixtures/${name}`);
    }
  }
  return out;
}

function examples(): string[] {
  return readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
    .filter(d => d.isDirectory() && d.name !== 'clean-app')
    .map(d => `examples/${d.name}`);
}

const ALL_LURES = [...new Set([...LURES, ...examples(), ...criticalFixtures()])].sort();

it('finds the lure fixtures and examples it holds to this', () => {
  assert.ok(ALL_LURES.length >= 100, `only ${ALL_LURES.length} lures found`);
  assert.ok(ALL_LURES.includes('examples/take-home-lure'));
});

describe('lures block with indicator data switched off', () => {
  const dir = tempRepo({}, 'airlock-noioc-');
  const config = join(dir, 'airlock.json');
  writeFileSync(config, JSON.stringify({ rules: { 'ioc/known-indicator': 'off', 'deps/known-malicious': 'off' } }));
  for (const lure of ALL_LURES) {
    it(lure, async () => {
      const r = await runAirlock([
        'scan',
        join(ROOT, lure),
        '--format',
        'json',
        '--fail-on',
        'never',
        '--no-provenance',
        '--config',
        config,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { verdict: string; findings: { ruleId: string; severity: string }[] };
      assert.ok(!report.findings.some(f => f.ruleId.startsWith('ioc/') || f.ruleId === 'deps/known-malicious'), 'indicator rules ran');
      assert.equal(report.verdict, 'block', JSON.stringify(report.findings.map(f => `${f.ruleId} ${f.severity}`)));
    });
  }
});
