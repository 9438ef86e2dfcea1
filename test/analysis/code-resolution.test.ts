/**
 * Exact code/* findings (rule, severity, file:line) of the fixtures for issue 13's classes: what
 * code really calls (aliases, re-assignment, sets of values, destructuring, `.call`/`.apply`/
 * `Reflect`, descriptors, constructor chains, every route to the loader), decoded or unrecovered
 * input run as code, data-file and DNS sources, theft, and their benign look-alikes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scan } from '../../src/index.ts';

const RULES = fileURLToPath(new URL('../../src/rules/code/', import.meta.url));

const CASES: [string, string[]][] = [
  ['credential-access/match/gh-auth-token', ['code/credential-access critical index.js:2']],
  ['credential-access/match/npm-token-to-registry', ['code/credential-access medium index.js:2']],
  ['credential-access/match/ssh-key-formdata', ['code/credential-access critical index.js:2']],
  ['credential-access/match/wallet-extension-upload', ['code/credential-access critical index.js:2']],
  ['download-and-execute/match/computed-destructuring', ['code/download-and-execute critical index.js:4']],
  ['download-and-execute/match/create-require', ['code/download-and-execute critical index.js:3']],
  ['download-and-execute/match/get-builtin-module', ['code/download-and-execute critical index.js:2']],
  ['download-and-execute/match/mainmodule-require', ['code/download-and-execute critical index.js:3']],
  ['download-and-execute/match/member-write-keeps-module', ['code/download-and-execute critical index.js:3']],
  ['download-and-execute/match/module-constructor-load', ['code/download-and-execute critical index.js:2']],
  ['download-and-execute/match/ternary-and-or-module', ['code/download-and-execute critical index.js:3']],
  ['download-and-execute/benign/member-write-constant-command', []],
  ['download-and-execute/benign/ternary-console', []],
  ['dynamic-code/benign/computed-destructuring-console', []],
  ['dynamic-code/benign/create-require-json', []],
  ['dynamic-code/benign/wasm-embedded-base64', []],
  ['dynamic-code/benign/worker-from-file', []],
  ['env-exfiltration/match/env-alias-dump', ['code/env-exfiltration critical index.js:2']],
  ['env-exfiltration/benign/env-alias-named-reads', []],
  ['env-exfiltration/benign/env-destructured-names', []],
  ['remote-code-execution/match/async-function-prototype', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/bound-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/dns-txt-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/env-file-parsed-by-hand', ['code/remote-code-execution critical index.js:4']],
  ['remote-code-execution/match/function-call-call', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/json-data-file-function', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/literal-method-constructor', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/property-descriptor-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/reflect-apply-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/unrecovered-base64-timer', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/worker-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/xor-decoder-data-file-vm', ['code/remote-code-execution critical index.js:4']],
  ['remote-code-execution/benign/call-call-hasownproperty', []],
  ['remote-code-execution/benign/dns-lookup-then-get', []],
  ['remote-code-execution/benign/json-config-url', []],
  ['remote-code-execution/benign/spawn-fixed-program-argument', []],
  ['remote-code-execution/benign/wasm-own-asset', []],
  ['credential-access/match/discord-leveldb-upload', ['code/credential-access critical index.js:3']],
  ['download-and-execute/match/eval-named-require', ['code/download-and-execute critical index.js:2']],
  ['download-and-execute/match/process-binding-spawn', ['code/download-and-execute critical index.js:2']],
  ['env-exfiltration/match/dns-name-exfil', ['code/env-exfiltration critical index.js:3']],
  ['env-exfiltration/benign/seed-json-upload', []],
  ['remote-code-execution/match/array-held-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/either-global-function', ['code/remote-code-execution critical index.js:3']],
  ['remote-code-execution/match/generator-function-prototype', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/match/import-meta-url-image-tail', ['code/remote-code-execution critical index.mjs:5']],
  ['remote-code-execution/match/object-held-eval', ['code/remote-code-execution critical index.js:2']],
  ['remote-code-execution/benign/jwt-claims', []],
  ['self-propagation/match/push-into-other-repos', ['code/self-propagation critical index.js:5']],
  ['self-propagation/match/republish-with-postinstall', ['code/self-propagation critical index.js:9']],
  ['self-propagation/benign/release-script', []],
];

describe('code analysis resolves what is called, exact findings', () => {
  for (const [fixture, expected] of CASES) {
    it(fixture, async () => {
      const [rule, kind, name] = fixture.split('/');
      const report = await scan(`${RULES}${rule}/fixtures/${kind}/${name}`, { provenance: false });
      const got = report.findings
        .filter(f => f.ruleId.startsWith('code/'))
        .map(f => `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.line}`)
        .sort();
      assert.deepEqual(got, expected);
    });
  }
});
