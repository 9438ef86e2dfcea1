import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellTools } from '../../knowledge/index.ts';
import { analyzeCommand } from './index.ts';

// Every entry of data/knowledge/shell-tools.json changes what the analysis says about a command
// line that uses it: an entry nothing reads, or one the analysis does not recognise, fails here.
const tools = shellTools();
const kinds = (command: string): Set<string> => new Set(analyzeCommand(command).signals.map(s => s.kind));

describe('the shell tool tables', () => {
  it('follows every shell, runner and interpreter they list', () => {
    for (const s of tools.shells) {
      const command = s === 'busybox' ? 'busybox sh -c "curl https://example.com/x"' : `${s} -c "curl https://example.com/x"`;
      assert.ok(kinds(command).has('download'), command);
    }
    for (const n of tools.nodeLike) assert.deepEqual(analyzeCommand(`${n} app.js`).runsFiles, [{ interpreter: n, file: 'app.js' }], n);
    for (const p of tools.pythons) assert.equal(analyzeCommand(`${p} -c "import os"`).programs[0]?.lang, 'py', p);
    for (const p of tools.powershells) assert.ok(kinds(`${p} -Command "iwr https://example.com/x"`).has('download'), p);
    for (const [p, flags] of tools.inlineFlags)
      for (const f of flags) assert.ok(kinds(`${p} ${f} 'print 1'`).has('inline-code'), `${p} ${f}`);
    assert.ok(!kinds("unknown-interpreter -e 'print 1'").has('inline-code'));
  });

  it('counts every downloader as a download, and nothing else', () => {
    for (const d of tools.downloaders) assert.ok(kinds(`${d} https://example.com/x`).has('download'), d);
    assert.ok(!kinds('git clone https://example.com/x').has('download'));
  });

  it('takes a data or media file handed to a shell as a disguised script', () => {
    for (const ext of tools.notScript) assert.ok(kinds(`bash payload${ext}`).has('disguised-script'), ext);
    assert.ok(!kinds('bash payload.sh').has('disguised-script'));
  });

  it('does not take builtins and core utilities for tools, nor package managers’ own commands for scripts', () => {
    for (const t of tools.notTools) assert.ok(!analyzeCommand(`${t} x`).tools.includes(t), t);
    assert.deepEqual(analyzeCommand('mytool x').tools, ['mytool']);
    for (const [runner, builtins] of Object.entries(tools.builtins)) {
      for (const b of builtins) assert.ok(!analyzeCommand(`${runner} ${b}`).runsScripts.includes(b), `${runner} ${b}`);
      assert.deepEqual(analyzeCommand(`${runner} my-task`).runsScripts, ['my-task'], runner);
    }
  });

  it('takes a module from a package registry for a published package, and one from any other host for downloaded code', () => {
    for (const [prefix, registry] of tools.moduleRegistries) {
      const k = kinds(`deno run -A ${prefix}pkg@1.0.0/mod.ts`);
      assert.ok(k.has('download') && !k.has('download-then-run'), registry);
    }
    assert.ok(kinds('deno run -A https://cdn.example.invalid/mod.ts').has('download-then-run'));
    assert.ok(kinds('deno run -A -r https://fresh.deno.dev/update .').has('official-installer'));
  });
});
