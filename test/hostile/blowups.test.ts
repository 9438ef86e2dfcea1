/**
 * Inputs whose size the attacker chooses: the work stays linear and nothing is spread into a
 * call's arguments (which overflows the stack past about 125,000 items). Generated here.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { scanFixture, tempRepo } from '../helpers/fixtures.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('attacker-sized inputs', () => {
  it('a package-lock.json of 140,000 packages is read once, whole, by every dependency rule', async () => {
    const packages: Record<string, unknown> = { '': { name: 'big', dependencies: { 'p-0': '1.0.0' } } };
    for (let i = 0; i < 140_000; i++) packages[`node_modules/p-${i}`] = { version: '1.0.0' };
    const dir = tempRepo({
      'package.json': JSON.stringify({ name: 'big', version: '1.0.0', dependencies: { 'p-0': '1.0.0' } }),
      'package-lock.json': JSON.stringify({ name: 'big', lockfileVersion: 3, packages }),
    });
    dirs.push(dir);
    const report = await scanFixture(dir);
    assert.equal(report.dependencies?.packages, 140_000);
    assert.deepEqual(
      report.errors.filter(e => /failed|stack|could not be built/i.test(e.message)),
      [],
    );
  });
});
