import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { parseJs } from '../../lang/js/parse.ts';
import { child } from './ast.ts';
import type { Node } from './ast.ts';
import { Evaluator, decodeHiddenEndpoint, decodeInvisible } from './evaluate.ts';
import type { EvalHost } from './evaluate.ts';
import { FileAnalyzer } from './flow.ts';

/** Evaluates the initialiser of the last `const` in `src`, with the file's own bindings. */
function evalLast(src: string, env: Record<string, string> = {}): string | undefined {
  return lastInit(src, env, false).value;
}

/** The same with loops allowed and the decoder budget; says whether a budget stopped it. */
function recoverLast(src: string): { value: string | undefined; spent: boolean } {
  return lastInit(src, {}, true);
}

function lastInit(src: string, env: Record<string, string>, deep: boolean): { value: string | undefined; spent: boolean } {
  const program = parseJs('t.js', src).result.program as unknown as Node;
  const analyzer = new FileAnalyzer({
    path: 't.js',
    text: src,
    program,
    inNodeModules: false,
    env: new Map(Object.entries(env)),
    importSummary: () => undefined,
  });
  analyzer.analyze();
  const body = program['body'] as Node[];
  const last = body[body.length - 1] as Node;
  const decl = (last['declarations'] as Node[])[0] as Node;
  const init = child(decl, 'init') as Node;
  const ev = new Evaluator(analyzer);
  const value = (deep ? ev.recover(init) : ev.string(init))?.value;
  return { value, spent: ev.lastRunSpent };
}

const URL = 'https://cdn.example.invalid/stage2.js';
const xor = (s: string, key: string): string =>
  Array.from(s, (c, i) => String.fromCharCode(c.charCodeAt(0) ^ key.charCodeAt(i % key.length))).join('');
const js = (s: unknown): string => JSON.stringify(s);

describe('static evaluation', () => {
  it('follows concatenation, templates and constants', () => {
    assert.equal(evalLast('const a = "ht"; const b = `${a}tps://`; const u = b + "x.invalid" + "/" + 1;'), 'https://x.invalid/1');
  });

  it('joins arrays and reverses strings', () => {
    assert.equal(evalLast('const u = ["a", "b", "c"].join("-");'), 'a-b-c');
    assert.equal(evalLast('const u = "dilavni.x//:sptth".split("").reverse().join("");'), 'https://x.invalid');
  });

  it('decodes char codes, base64, hex and URI escapes', () => {
    assert.equal(evalLast('const u = String.fromCharCode(104, 105);'), 'hi');
    assert.equal(evalLast('const u = [104, 105].map((c) => String.fromCharCode(c)).join("");'), 'hi');
    assert.equal(evalLast('const u = Buffer.from("aGk=", "base64").toString();'), 'hi');
    assert.equal(evalLast('const u = Buffer.from("6869", "hex").toString("utf8");'), 'hi');
    assert.equal(evalLast('const u = atob("aGk=");'), 'hi');
    assert.equal(evalLast('const u = decodeURIComponent("%68%69");'), 'hi');
    assert.equal(evalLast('const u = "\\x68\\u0069";'), 'hi');
  });

  it('looks up string arrays and runs small decoder functions', () => {
    assert.equal(evalLast('const t = ["x", "y", "eval"]; function d(i) { return t[i - 0x10]; } const u = d(0x12);'), 'eval');
    assert.equal(evalLast('const o = { host: "a.invalid" }; const u = "https://" + o.host;'), 'https://a.invalid');
    // Arithmetic converts a string index as JavaScript does.
    assert.equal(evalLast('const t = ["x", "eval"]; function d(i) { i = i - 0x0; return t[i]; } const u = d("0x1");'), 'eval');
  });

  it('reads a string array through the rotation an IIFE applies to it in place', () => {
    const rotate = '(function (a, n) { var f = function (k) { while (--k) a["push"](a["shift"]()); }; f(++n); })(t, 0x1b4);';
    // 0x1b4 rotations of three strings leave the array turned by 0x1b4 % 3 = 1.
    const src = `var t = ["c", "a", "b"]; ${rotate} var d = function (i) { i = i - 0x0; return t[i]; }; const u = d("0x0") + d("0x2");`;
    assert.equal(evalLast(src), 'ac');
    // A rotation that never ends is a budget, and the array is left as written.
    const endless = 'var t = ["c", "a", "b"]; (function (a, n) { while (true) a.push(a.shift()); })(t, 1); const u = t[0];';
    assert.equal(evalLast(endless), 'c');
  });

  it('reads process.env values from the repository .env files', () => {
    assert.equal(evalLast('const u = atob(process.env.AUTH_API);', { AUTH_API: 'aHR0cHM6Ly94LmludmFsaWQ=' }), 'https://x.invalid');
  });

  it('decodes variation-selector and tag-character runs', () => {
    const vs = [...Buffer.from('eval(1)')].map(b => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
    assert.equal(decodeInvisible(`x${vs}`), 'eval(1)');
    const tags = Array.from('hi there')
      .map(c => String.fromCodePoint(0xe0000 + c.charCodeAt(0)))
      .join('');
    assert.equal(decodeInvisible(tags), 'hi there');
    assert.equal(evalLast(`function decode(s) { for (const c of s) {} } const u = decode("${vs}");`), 'eval(1)');
  });

  it('does not evaluate what it cannot know', () => {
    assert.equal(evalLast('const u = Math.random() + "x";'), undefined);
    assert.equal(evalLast('let a = "x"; a = "y"; const u = a;'), undefined);
  });

  it('stays bounded on long chains and self-references', () => {
    const chain = Array.from({ length: 5_000 }, () => '"a"').join(' + ');
    assert.equal(evalLast(`const u = ${chain};`)?.length, 5_000);
    assert.equal(evalLast('const a = b; const b = a; const u = a;'), undefined);
    const host: EvalHost = { binding: () => undefined, fn: () => undefined, env: () => undefined, imported: () => undefined };
    const program = parseJs('t.js', 'x').result.program as unknown as Node;
    assert.equal(new Evaluator(host, 1).evaluate(program), undefined);
  });

  it('runs custom decoders with loops over constant inputs (XOR, shifts, shuffles, switch)', () => {
    const xorLoop = `function k(s, key) { var out = ''; for (var i = 0; i < s.length; i++) { out += String.fromCharCode(s.charCodeAt(i) ^ key.charCodeAt(i % key.length)); } return out; }
const u = k(${js(xor(URL, 'q7!'))}, 'q7!');`;
    assert.deepEqual(recoverLast(xorLoop), { value: URL, spent: false });
    // A decoder that calls itself to peel layers, and a compressed layer.
    const layers = Buffer.from(Buffer.from(URL).toString('base64')).toString('base64');
    assert.deepEqual(recoverLast(`function peel(s) { return s.startsWith('http') ? s : peel(atob(s)); } const u = peel('${layers}');`), {
      value: URL,
      spent: false,
    });
    const packed = deflateSync(URL).toString('base64');
    assert.deepEqual(
      recoverLast(`const zlib = require('zlib'); const u = zlib.inflateSync(Buffer.from('${packed}', 'base64')).toString();`),
      {
        value: URL,
        spent: false,
      },
    );
    // Loops do not run outside a deep evaluation.
    assert.equal(evalLast(xorLoop), undefined);
    const shifted = Array.from(URL, c => c.charCodeAt(0) + 3);
    assert.equal(
      recoverLast(`const codes = ${js(shifted)};
function unshift(a) { const r = []; let i = 0; while (i < a.length) { r.push(a[i] - 3); i++; } return String.fromCharCode.apply(null, r); }
const u = unshift(codes);`).value,
      URL,
    );
    assert.equal(
      recoverLast(`function shuffle(arr, n) { do { arr.push(arr.shift()); } while (--n); return arr; }
const u = shuffle(${js(['stage2.js', 'https://', 'cdn.example.invalid/'])}, 1).join('');`).value,
      URL,
    );
    assert.equal(
      recoverLast(`function pick(op, s) { switch (op) { case 1: return s.split('').reverse().join(''); case 2: return atob(s); default: return s; } }
const u = pick(1, ${js(Array.from(URL).reverse().join(''))});`).value,
      URL,
    );
    assert.equal(
      recoverLast(
        `const u = (function (h) { let o = ''; for (let i = 0; i < h.length; i += 2) o += String.fromCharCode(parseInt(h.substr(i, 2), 16)); return o; })(${js(Buffer.from(URL).toString('hex'))});`,
      ).value,
      URL,
    );
    assert.equal(
      recoverLast(`const key = [7, 1, 3];
const u = Array.from(${js(xor(URL, '\x07\x01\x03'))}).map((c, i) => String.fromCharCode(c.charCodeAt(0) ^ key[i % key.length])).join('');`)
        .value,
      URL,
    );
  });

  it('stops hostile decoders at a budget and says so', () => {
    assert.deepEqual(recoverLast('function f() { while (true) {} } const u = f();'), { value: undefined, spent: true });
    assert.deepEqual(recoverLast('function f() { let s = "ab"; for (;;) s += s; } const u = f();'), { value: undefined, spent: true });
    assert.deepEqual(recoverLast('function f() { const a = []; for (;;) a.push(1); } const u = f();'), { value: undefined, spent: true });
    // Recursion without end is a budget too; so is a string past the memory cap, whatever builds it.
    assert.deepEqual(recoverLast('function f(n) { return f(n + 1); } const u = f(1);'), { value: undefined, spent: true });
    assert.deepEqual(recoverLast('function f(s) { for (let i = 0; i < 64; i++) s = s + s; return s; } const u = f("ab");'), {
      value: undefined,
      spent: true,
    });
    assert.deepEqual(recoverLast('function f(s) { return s.repeat(1e9); } const u = f("ab");'), { value: undefined, spent: true });
    // A decompression bomb stops at the output cap.
    const bomb = deflateSync(Buffer.alloc(4 << 20)).toString('base64');
    assert.deepEqual(
      recoverLast(`const zlib = require('zlib'); const u = zlib.inflateSync(Buffer.from('${bomb}', 'base64')).toString();`),
      {
        value: undefined,
        spent: true,
      },
    );
    // Unknown input is not a budget.
    assert.deepEqual(recoverLast('function f(s) { let o = ""; for (const c of s) o += c; return o; } const u = f(process.argv[2]);'), {
      value: undefined,
      spent: false,
    });
  });

  it('spends its budgets in work, not time: the same input stops at the same step on any machine', () => {
    // Each run interprets a decoder that never ends, plus a decoder that ends, under a different
    // clock: frozen, or jumping 50 ms at each read (a machine loaded many times over).
    const src = `function spin(s) { let o = ""; for (;;) o = (o + s.split("").reverse().join("")).slice(-256); }
function ok(s) { return s.split("").reverse().join(""); }
const a = spin("abcdefgh"); const b = ok(${js(Array.from(URL).reverse().join(''))});`;
    const run = (clock: () => number): { a: string | undefined; b: string | undefined; spent: boolean; steps: number } => {
      const program = parseJs('t.js', src).result.program as unknown as Node;
      const analyzer = new FileAnalyzer({
        path: 't.js',
        text: src,
        program,
        inNodeModules: false,
        env: new Map(),
        importSummary: () => undefined,
      });
      analyzer.analyze();
      const body = program['body'] as Node[];
      const init = (i: number): Node => child(((body[i] as Node)['declarations'] as Node[])[0] as Node, 'init') as Node;
      const ev = new Evaluator(analyzer, undefined, clock);
      const a = ev.recover(init(2))?.value;
      const spent = ev.lastRunSpent;
      const b = ev.recover(init(3))?.value;
      return { a, b, spent, steps: ev.stepsSpent };
    };
    let t = 0;
    const frozen = run(() => 0);
    const loaded = run(() => (t += 50));
    assert.deepEqual(frozen, loaded);
    assert.equal(frozen.a, undefined);
    assert.equal(frozen.spent, true);
    assert.equal(frozen.b, URL);
    // The step budget is what stopped it: a deep run's million steps (and a few for the second).
    assert.ok(frozen.steps >= 1_000_000 && frozen.steps < 1_010_000, String(frozen.steps));
  });

  it('pays for the characters an operation builds, so big strings spend the budget too', () => {
    const host: EvalHost = { binding: () => undefined, fn: () => undefined, env: () => undefined, imported: () => undefined };
    const steps = (src: string): number => {
      const program = parseJs('t.js', src).result.program as unknown as Node;
      const expr = child((program['body'] as Node[])[0] as Node, 'expression') as Node;
      const ev = new Evaluator(host);
      ev.evaluate(expr);
      return ev.stepsSpent;
    };
    // The same nodes; the second builds 64 times 4,096 more characters.
    assert.equal(steps('"ab".repeat(131072)') - steps('"ab".repeat(2)'), 4_096);
  });

  it('keeps a wall-clock limit only as a safety net, and reports reaching it as a spent budget', () => {
    const src = 'function f() { while (true) {} } const u = f();';
    const program = parseJs('t.js', src).result.program as unknown as Node;
    const analyzer = new FileAnalyzer({
      path: 't.js',
      text: src,
      program,
      inNodeModules: false,
      env: new Map(),
      importSummary: () => undefined,
    });
    analyzer.analyze();
    const body = program['body'] as Node[];
    const init = child(((body[1] as Node)['declarations'] as Node[])[0] as Node, 'init') as Node;
    // A clock an hour ahead at every read: the net stops the run at its first look at the clock,
    // long before the steps run out, and the file's evaluations are over.
    let reads = 0;
    const ev = new Evaluator(analyzer, undefined, () => ++reads * 3_600_000);
    assert.equal(ev.recover(init), undefined);
    assert.equal(ev.lastRunSpent, true);
    assert.equal(ev.exhausted, true);
    assert.equal(reads, 3);
    assert.equal(ev.recover(init), undefined);
    assert.equal(reads, 3);
  });

  it('recognises endpoints hidden as base64, hex or reversed text', () => {
    assert.deepEqual(decodeHiddenEndpoint('aHR0cHM6Ly94LmludmFsaWQvYXBp'), { value: 'https://x.invalid/api', encoding: 'base64' });
    assert.deepEqual(decodeHiddenEndpoint(Buffer.from('http://203.0.113.1:1224').toString('hex')), {
      value: 'http://203.0.113.1:1224',
      encoding: 'hex',
    });
    assert.deepEqual(decodeHiddenEndpoint('ipa/dilavni.x//:sptth'), { value: 'https://x.invalid/api', encoding: 'reversed' });
    assert.equal(decodeHiddenEndpoint('c2Vzc2lvbl9rZXlfMTIzNDU2'), undefined);
    assert.equal(decodeHiddenEndpoint('https://plain.example.com'), undefined);
  });
});
