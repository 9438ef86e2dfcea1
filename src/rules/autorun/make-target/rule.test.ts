import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture, tempRepo } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('maps each target under the trigger its name implies, with the script it runs as entry', async () => {
  const report = await scanFixture(fixture('match/setup-runs-script'));
  const setup = report.executionMap.find(s => s.kind === 'make-target' && s.name === 'setup (default goal)');
  assert.equal(setup?.trigger, 'install');
  assert.equal(setup.entry, 'scripts/bootstrap.sh');
  const [f] = findingsOf(report, 'autorun/make-target');
  assert.equal(f?.severity, 'critical');
  assert.match(
    f.message,
    /`make setup` runs `\.\/scripts\/bootstrap\.sh`\. The code it runs is reported by code\/shell-script \(critical\) at scripts\/bootstrap\.sh:4/,
  );
});

it('a prerequisite that downloads and runs code is named, once for every target that reaches the line', async () => {
  const report = await scanFixture(fixture('match/prerequisite-download'));
  const messages = findingsOf(report, 'autorun/make-target').map(f => f.message);
  assert.deepEqual(messages, [
    '`make all` runs `wget -qO- https://deps.example.invalid/install | sh` (through `deps`), which runs code it downloads. The same line runs for `make build`, `make deps`.',
  ]);
  assert.deepEqual(
    report.executionMap.filter(s => s.kind === 'make-target').map(s => `${s.trigger} ${s.name ?? ''}`),
    ['install deps', 'build all (default goal)', 'build build'],
  );
});

it('a Go project with an official linter installer passes', async () => {
  const report = await scanFixture(fixture('benign/go-project'));
  assert.equal(report.verdict, 'pass');
  const lint = report.executionMap.find(s => s.kind === 'make-target' && s.name === 'lint');
  assert.equal(lint?.trigger, 'lint');
  assert.match(lint.command ?? '', /golangci-lint\/v1\.59\.0\/install\.sh/);
});

it('bad Makefiles: a missing include, a deep include loop, a huge file, an exponential variable, binary junk', async () => {
  const bomb = ['A0 = x', ...Array.from({ length: 40 }, (_, i) => `A${i + 1} = $(A${i})$(A${i})`)].join('\n');
  const dir = tempRepo({
    'a/Makefile': 'include missing.mk\nbuild:\n\tgo build ./...\n',
    'b/Makefile': 'include loop.mk\nall:\n\techo ok\n',
    'b/loop.mk': 'include loop.mk\nx:\n\techo x\n',
    'c/Makefile': `${'# filler\n'.repeat(250_000)}all:\n\techo late\n`,
    'd/Makefile': `${bomb}\nall:\n\techo $(A40)\n`,
    'e/Makefile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]),
  });
  try {
    const report = await scanFixture(dir);
    const err = (file: string): string[] => report.errors.filter(e => e.file === file).map(e => `${e.kind ?? '-'} ${e.message}`);
    assert.match(err('a/Makefile').join('\n'), /include missing\.mk.*not in the repository/);
    assert.deepEqual(err('b/Makefile'), []);
    assert.match(err('c/Makefile').join('\n'), /^truncated .*more than 200000 lines/);
    assert.match(err('d/Makefile').join('\n'), /^truncated .*expands to more than/);
    assert.match(err('e/Makefile').join('\n'), /^unreadable /);
    assert.ok(findingsOf(report, 'scan/incomplete-analysis').some(f => f.location.file === 'e/Makefile'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a pinned release of a named project saved and run is medium, low when checked against a pinned digest; piped into a shell or unpinned it is critical', async () => {
  const verified = findingsOf(await scanFixture(fixture('benign/pinned-release-tools')), 'autorun/make-target');
  assert.ok(verified.length > 0 && verified.every(f => f.severity === 'low'));
  assert.ok(
    verified.some(f => /installs mfridman\/tparse v0\.13\.2 from a release page and checks it against a pinned digest/.test(f.message)),
  );
  const unverified = findingsOf(await scanFixture(fixture('match/pinned-release-unverified')), 'autorun/make-target');
  const tparse = unverified.find(f => f.location.line === 20);
  assert.equal(tparse?.severity, 'medium');
  assert.match(tparse.message, /downloads mfridman\/tparse v0\.13\.2 from a release page and runs it unverified/);
  for (const [command, severity] of [
    ['curl -sL https://github.com/acme/tool/releases/download/v1.4.0/install.sh | sh', 'critical'],
    ['curl -sL https://github.com/acme/tool/releases/latest/download/tool -o bin/tool && chmod +x bin/tool', 'critical'],
    ['curl -sL https://github.com/acme/tool/releases/download/v1.4.0/tool -o bin/tool && chmod +x bin/tool', 'medium'],
    [
      'curl -sL https://github.com/acme/tool/releases/download/v1.4.0/tool -o bin/tool && echo "$(SUM)  bin/tool" | sha256sum -c - && chmod +x bin/tool',
      'low',
    ],
    [
      'curl -sL https://github.com/acme/tool/releases/download/v1.4.0/tool -o bin/tool && cosign verify-blob --key k.pub --signature t.sig bin/tool && chmod +x bin/tool',
      'low',
    ],
  ] as const) {
    const dir = tempRepo({ Makefile: `tool:\n\t${command}\n\t./bin/tool --version\n` });
    try {
      const hits = findingsOf(await scanFixture(dir, { rules: [rule] }), 'autorun/make-target');
      assert.deepEqual(
        hits.map(f => f.severity),
        [severity],
        command,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
