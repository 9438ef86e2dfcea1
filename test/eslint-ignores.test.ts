// `eslint .` must never enter the held-out lure and benign repositories of bench/adversarial*/:
// some carry an eslint.config.* that ESLint would load (execute) as the nearest config of their
// files. The root eslint.config.js ignores those folders; this checks, with ESLint itself, that it
// then loads no config inside them, while a config in a folder it does not ignore is loaded.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT_CONFIG = new URL('../eslint.config.js', import.meta.url).href;
/** A config that fails the run if ESLint ever loads it. */
const TRAP = "throw new Error('ESLint loaded a config inside a held-out folder');\n";

function probeTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-eslint-'));
  writeFileSync(join(dir, 'eslint.config.mjs'), `export { default } from ${JSON.stringify(ROOT_CONFIG)};\n`);
  for (const set of ['adversarial', 'adversarial-9']) {
    mkdirSync(join(dir, 'bench', set), { recursive: true });
    writeFileSync(join(dir, 'bench', set, 'score.mjs'), 'console.log(process.argv.length);\n');
    for (const kind of ['lures', 'benign']) {
      const repo = join(dir, 'bench', set, kind, '01-case');
      mkdirSync(repo, { recursive: true });
      writeFileSync(join(repo, 'eslint.config.mjs'), TRAP);
      writeFileSync(join(repo, 'index.js'), 'module.exports = 1;\n');
    }
  }
  return dir;
}

it('eslint . loads no config inside bench/adversarial*/lures or benign, and lints the rest', async () => {
  const dir = probeTree();
  try {
    const results = await new ESLint({ cwd: dir }).lintFiles(['.']);
    const linted = results.map(r => r.filePath.slice(dir.length + 1)).sort();
    assert.deepEqual(linted, ['bench/adversarial-9/score.mjs', 'bench/adversarial/score.mjs', 'eslint.config.mjs']);
    // The trap works: in a folder the config does not ignore, ESLint loads it.
    const other = join(dir, 'bench', 'adversarial', 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'eslint.config.mjs'), TRAP);
    writeFileSync(join(other, 'index.js'), 'module.exports = 1;\n');
    await assert.rejects(new ESLint({ cwd: dir }).lintFiles(['.']), /held-out folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
