// Mutation spot-check: for every rule that can report `critical`, make a scratch copy of the
// sources in which that rule reports `high` instead (test/helpers/mutate.ts wraps its default
// export), and run the rule's own tests there. They must fail: a rule whose tests stay green when
// its severity drops pins nothing.
// Usage: node scripts/mutation-check.mjs [substring ...]   (only rules whose id contains one)
// Exits 1 when a mutant survives. The working tree is never modified.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const rulesDir = join(root, 'src', 'rules');

const candidates = [];
for (const area of readdirSync(rulesDir, { withFileTypes: true })) {
  if (!area.isDirectory()) continue;
  for (const name of readdirSync(join(rulesDir, area.name), { withFileTypes: true })) {
    if (!name.isDirectory() || name.name.startsWith('_')) continue;
    const dir = join(rulesDir, area.name, name.name);
    const id = `${area.name}/${name.name}`;
    if (!existsSync(join(dir, 'rule.ts'))) continue;
    if (filters.length && !filters.some(f => id.includes(f))) continue;
    const source = readFileSync(join(dir, 'rule.ts'), 'utf8');
    // Rules whose default is critical, or that set a finding's severity to critical.
    if (/severity: 'critical'|(?:severity\s*=|[?:]|return)\s*'critical'/.test(source))
      candidates.push({ id, dir: join('src', 'rules', area.name, name.name) });
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'airlock-mutation-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
for (const entry of ['src', 'test', 'data', 'schema', 'scripts', 'examples', 'package.json', 'tsconfig.json']) {
  cpSync(join(root, entry), join(scratch, entry), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));

const results = [];
for (const c of candidates) {
  const file = join(scratch, c.dir, 'rule.ts');
  const original = readFileSync(file, 'utf8');
  const mutant = original.replace(/^export default /m, 'const unmutated = ');
  if (mutant === original) throw new Error(`${c.id}: rule.ts has no default export`);
  writeFileSync(
    file,
    `${mutant}\nimport { lowerCritical } from '../../../../test/helpers/mutate.ts';\nexport default lowerCritical(unmutated);\n`,
  );
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', `${c.dir}/`], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, TEST_CONCURRENCY: '1' },
  });
  writeFileSync(file, original);
  const killed = r.status !== 0;
  results.push({ ...c, killed });
  process.stdout.write(`${killed ? 'killed  ' : 'SURVIVED'}  ${c.id}\n`);
}
const survivors = results.filter(r => !r.killed);
process.stdout.write(`\n${results.length - survivors.length} of ${results.length} mutants killed\n`);
process.exit(survivors.length ? 1 : 0);
