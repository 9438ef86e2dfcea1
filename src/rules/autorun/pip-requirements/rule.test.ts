import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const surfaces = async (name: string): Promise<unknown[]> =>
  (await scanFixture(fixture(name), { rules: [rule] })).executionMap
    .filter(s => s.kind === 'pip-requirements')
    .map(s => [s.trigger, s.command, s.location.file, s.reaches]);

it('puts `pip install -r` of each requirements file nobody includes on the install map, with what it reads and builds', async () => {
  assert.deepEqual(await surfaces('match/editable-setup-py'), [
    ['install', 'pip install -r requirements.txt', 'requirements.txt', ['requirements-base.txt', 'setup.py']],
  ]);
  assert.deepEqual(await surfaces('benign/pypi-only'), [
    ['install', 'pip install -r requirements/dev.txt', 'requirements/dev.txt', ['requirements/base.txt', 'constraints.txt']],
  ]);
  assert.deepEqual(await surfaces('benign/editable-pyproject'), [
    ['install', 'pip install -r requirements.txt', 'requirements.txt', ['pyproject.toml']],
  ]);
});
