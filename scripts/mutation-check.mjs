// Mutation spot-check: for every rule that can report `critical`, make a scratch copy of the
// sources in which that rule reports `high` instead (test/helpers/mutate.ts wraps its default
// export), and run the rule's own tests there. They must fail: a rule whose tests stay green when
// its severity drops pins nothing. A rule can report critical when its folder's code says so, or
// when it takes severities from src/core/policy.ts or from shared rule code that does (directly or
// through the policy): the mutant lowers whatever the rule reports, whoever chose the severity, and
// records that it did, so a rule whose tests never see it report critical is named as such.
// Usage: node scripts/mutation-check.mjs [--list] [substring ...]   (only rules whose id contains one;
// --list prints the rules it would mutate)
// Exits 1 when a mutant survives. The working tree is never modified.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const list = process.argv.includes('--list');
const filters = process.argv.slice(2).filter(a => a !== '--list');
const rulesDir = join(root, 'src', 'rules');

const CRITICAL = /severity: 'critical'|(?:severity\s*=|[?:]|return)\s*'critical'/;
/** The policy's functions that can return critical (src/core/policy.ts). */
const policy = readFileSync(join(root, 'src', 'core', 'policy.ts'), 'utf8');
const criticalPolicy = new Set(
  policy
    .split(/\nexport function /)
    .slice(1)
    .filter(f => /'critical'/.test(f.split(/\n\}/)[0] ?? ''))
    .map(f => f.slice(0, f.indexOf('('))),
);
/** Does the module import a policy function that can return critical? */
const takesCriticalPolicy = text =>
  [...text.matchAll(/import \{([^}]*)\} from '(?:\.\.\/)+core\/policy\.ts'/g)].some(m =>
    (m[1] ?? '').split(',').some(name => criticalPolicy.has(name.trim())),
  );
const codeOf = dir =>
  readdirSync(dir, { withFileTypes: true })
    .filter(f => f.isFile() && f.name.endsWith('.ts') && !f.name.endsWith('.test.ts'))
    .map(f => readFileSync(join(dir, f.name), 'utf8'));
const SHARED_IMPORT = /from '\.\.\/(?:\.\.\/([a-z]+)\/)?_shared\/([a-z0-9-]+\.ts)'/g;
const SIBLING_IMPORT = /from '\.\/([a-z0-9-]+\.ts)'/g;
/**
 * Shared rule modules (src/rules/<area>/_shared/*.ts, by path from src/rules) that can set critical:
 * they say so, take a policy severity, or import a shared module that can.
 */
const sharedCritical = new Set();
const sharedImports = new Map();
for (const area of readdirSync(rulesDir, { withFileTypes: true })) {
  const shared = join(rulesDir, area.name, '_shared');
  if (!area.isDirectory() || !existsSync(shared)) continue;
  for (const f of readdirSync(shared)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(join(shared, f), 'utf8');
    const key = `${area.name}/_shared/${f}`;
    if (CRITICAL.test(text) || takesCriticalPolicy(text)) sharedCritical.add(key);
    sharedImports.set(key, [
      ...[...text.matchAll(SIBLING_IMPORT)].map(m => `${area.name}/_shared/${m[1]}`),
      ...[...text.matchAll(SHARED_IMPORT)].map(m => `${m[1] ?? area.name}/_shared/${m[2]}`),
    ]);
  }
}
for (let grew = true; grew;) {
  grew = false;
  for (const [key, imports] of sharedImports)
    if (!sharedCritical.has(key) && imports.some(i => sharedCritical.has(i))) {
      sharedCritical.add(key);
      grew = true;
    }
}
/** Does code of the rule's folder set critical, take a policy severity, or import shared code that does? */
/**
 * 'own' when code of the rule's folder sets critical or takes it from the policy; 'shared' when only
 * shared rule code it imports can (which serves several rules: this one may never take that path);
 * undefined when nothing can.
 */
function criticalEvidence(area, dir) {
  const texts = codeOf(dir);
  if (texts.some(text => CRITICAL.test(text) || takesCriticalPolicy(text))) return 'own';
  const shared = texts.some(text => [...text.matchAll(SHARED_IMPORT)].some(m => sharedCritical.has(`${m[1] ?? area}/_shared/${m[2]}`)));
  return shared ? 'shared' : undefined;
}

const candidates = [];
for (const area of readdirSync(rulesDir, { withFileTypes: true })) {
  if (!area.isDirectory()) continue;
  for (const name of readdirSync(join(rulesDir, area.name), { withFileTypes: true })) {
    if (!name.isDirectory() || name.name.startsWith('_')) continue;
    const dir = join(rulesDir, area.name, name.name);
    const id = `${area.name}/${name.name}`;
    if (!existsSync(join(dir, 'rule.ts'))) continue;
    if (filters.length && !filters.some(f => id.includes(f))) continue;
    const evidence = criticalEvidence(area.name, dir);
    if (evidence !== undefined) candidates.push({ id, evidence, dir: join('src', 'rules', area.name, name.name) });
  }
}

if (list) {
  for (const c of candidates) process.stdout.write(`${c.id}\n`);
  process.exit(0);
}
const scratch = mkdtempSync(join(tmpdir(), 'airlock-mutation-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
for (const entry of ['src', 'test', 'data', 'schema', 'scripts', 'examples', 'package.json', 'tsconfig.json']) {
  cpSync(join(root, entry), join(scratch, entry), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
// A scan rule's surface finding is raised by the engine to what the code it runs does (the policy):
// the copy of the engine lowers the rule's critical findings once that is done.
const enginePath = join(scratch, 'src', 'engine', 'scan.ts');
const engine = readFileSync(enginePath, 'utf8');
const RAISE = '  applySurfacePolicy(findings, links);\n';
if (!engine.includes(RAISE))
  throw new Error('src/engine/scan.ts no longer calls applySurfacePolicy(findings, links) where the mutant expects it');
writeFileSync(
  enginePath,
  `${engine.replace(RAISE, `${RAISE}  lowerRaised(findings);\n`)}\nimport { lowerRaised } from '../../test/helpers/mutate.ts';\n`,
);

const results = [];
for (const [n, c] of candidates.entries()) {
  const file = join(scratch, c.dir, 'rule.ts');
  const original = readFileSync(file, 'utf8');
  const mutant = original.replace(/^export default /m, 'const unmutated = ');
  if (mutant === original) throw new Error(`${c.id}: rule.ts has no default export`);
  writeFileSync(
    file,
    `${mutant}\nimport { lowerCritical } from '../../../../test/helpers/mutate.ts';\nexport default lowerCritical(unmutated);\n`,
  );
  // The mutant writes here when it lowers a finding (test/helpers/mutate.ts).
  const log = join(scratch, `lowered-${n}`);
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', `${c.dir}/`], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, TEST_CONCURRENCY: '1', AIRLOCK_MUTATION_LOG: log, AIRLOCK_MUTATION_RULE: c.id },
  });
  writeFileSync(file, original);
  const killed = r.status !== 0;
  const lowered = existsSync(log);
  // A rule whose own code can report critical must show it in its tests; one that can only through
  // shared code may never take that path, so its tests not showing it is noted, not a survivor.
  const survived = !killed && (lowered || c.evidence === 'own');
  results.push({ ...c, killed, lowered, survived });
  const status = killed
    ? 'killed  '
    : lowered
      ? 'SURVIVED'
      : survived
        ? 'SURVIVED (its tests never see it report critical)'
        : 'not seen (only shared code it imports can report critical; its tests never do)';
  process.stdout.write(`${status}  ${c.id}\n`);
}
const survivors = results.filter(r => r.survived);
const killedCount = results.filter(r => r.killed).length;
process.stdout.write(`\n${killedCount} of ${results.length} mutants killed, ${survivors.length} survived\n`);
process.exit(survivors.length ? 1 : 0);
