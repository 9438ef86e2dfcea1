import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJs } from '../../lang/js/parse.ts';
import { child } from './ast.ts';
import type { Node } from './ast.ts';
import { Evaluator, decodeHiddenEndpoint, decodeInvisible } from './evaluate.ts';
import type { EvalHost } from './evaluate.ts';
import { FileAnalyzer } from './flow.ts';

/** Evaluates the initialiser of the last `const` in `src`, with the file's own bindings. */
function evalLast(src: string, env: Record<string, string> = {}): string | undefined {
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
  return new Evaluator(analyzer).string(init)?.value;
}

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
