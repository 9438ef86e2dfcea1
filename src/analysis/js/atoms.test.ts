/**
 * The pre-filter is built from the atoms the rules declare: every set is some rule's, every rule
 * that reads code facts declares its sets, each rule's own sets let through the files its match
 * fixtures report on, and a rule that declares none sees every file.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { registry } from '../../rules/registry.generated.ts';
import { atomSets, isAtomSetName } from './atoms.ts';
import type { AtomSetName } from './atoms.ts';
import { RULE_ATOMS } from './atoms.generated.ts';
import { CodePrefilter, codePrefilter } from './prefilter.ts';

const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;

const LOCAL_SPECIFIER = /(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const RESOLVE = ['', '.js', '.ts', '.mjs', '.cjs', '/index.js', '/index.ts'];

/** A fixture file and the local modules it imports, transitively. */
function withLocalImports(start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const m of readFileSync(path, 'utf8').matchAll(LOCAL_SPECIFIER)) {
      const base = `${dirname(path)}/${m[1] ?? ''}`;
      const found = RESOLVE.map(ext => normalize(base + ext)).find(p => existsSync(p) && statSync(p).isFile());
      if (found !== undefined) queue.push(found);
    }
  }
  return [...seen];
}

describe('code atoms', () => {
  it('every atom set is declared by some rule, and every declared name is a set', () => {
    const declared = new Set(Object.values(RULE_ATOMS).flatMap(a => (a === 'every-file' ? [] : a)));
    for (const name of Object.keys(atomSets())) assert.ok(declared.has(name as AtomSetName), `no rule declares the atom set "${name}"`);
    for (const rule of registry) {
      if (rule.kind !== 'scan') continue;
      for (const name of rule.meta.atoms ?? []) assert.ok(isAtomSetName(name), `${rule.meta.id}: unknown atom set "${name}"`);
    }
  });

  it('the registered rules’ pre-filter looks for every declared set', () => {
    assert.deepEqual([...codePrefilter().sets].sort(), Object.keys(atomSets()).sort());
    assert.equal(codePrefilter().everyFile, false);
  });

  it('each rule’s own atoms let through every file its match fixtures report on', () => {
    let checked = 0;
    const missing: string[] = [];
    for (const [id, atoms] of Object.entries(RULE_ATOMS)) {
      if (atoms === 'every-file') continue;
      const expectedPath = `${rulesDir}${id}/fixtures/expected.json`;
      if (!existsSync(expectedPath)) continue;
      const own = new CodePrefilter({ [id]: atoms });
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Record<string, { file: string }[]>;
      for (const [fixture, findings] of Object.entries(expected)) {
        if (!fixture.startsWith('match/')) continue;
        for (const file of new Set(findings.map(f => f.file))) {
          const path = `${rulesDir}${id}/fixtures/${fixture}/${file}`;
          if (!JS_FILE.test(file) || !existsSync(path)) continue;
          // A finding may sit in the file that calls into a local module holding the atom.
          if (!withLocalImports(path).some(p => own.passes(readFileSync(p, 'utf8'), p.includes('/node_modules/'))))
            missing.push(`${id} ${fixture}: ${file}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 20, `only ${checked} fixture files checked`);
    assert.deepEqual(missing, [], 'files holding none of their rule’s atoms');
  });

  it('a rule that reads code facts and declares no atoms sees every file, installed ones too', () => {
    const open = new CodePrefilter({ 'code/remote-code-execution': ['code-loaders'], 'code/new-rule': 'every-file' });
    assert.equal(open.everyFile, true);
    const plain = 'export const add = (a, b) => a + b;\n';
    assert.equal(open.passes(plain), true);
    assert.equal(open.passes(plain, true), true);
    assert.equal(open.passesCodeGate({ ids: [], base: 0, near: false }), true);
    assert.equal(new CodePrefilter({ 'code/remote-code-execution': ['code-loaders'] }).passes(plain), false);
  });

  it('the gate looks only for the sets the rules declare', () => {
    const only = new CodePrefilter({ 'code/anti-analysis': ['analysis-checks'] });
    assert.equal(only.passes('if (os.cpus().length < 2 && /VirtualBox/.test(model)) exit()'), true);
    assert.equal(only.passes('eval(x); fetch(u)'), false);
    assert.equal(only.passes('eval(x); fetch(u)', true), false);
  });

  it('every rule whose code reads code facts declares atoms', () => {
    for (const [id, atoms] of Object.entries(RULE_ATOMS))
      assert.notEqual(atoms, 'every-file', `${id} reads code facts but declares no meta.atoms`);
  });
});
