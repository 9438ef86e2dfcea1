import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, scanFixture } from '../../../../test/helpers/fixtures.ts';
import { parseGitConfig } from '../../../lang/gitconfig.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

it('maps the program an included config runs, with the file it runs as the entry', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/prepare-include-fsmonitor', import.meta.url)));
  const s = report.executionMap.find(x => x.kind === 'git-config');
  assert.equal(s?.trigger, 'commit');
  assert.equal(s.name, 'fsmonitor'.replace(/^/, 'core.'));
  assert.equal(s.entry, 'tools/watch.js');
});

it('follows an include inside an included file', async () => {
  const report = await scanFixture(fileURLToPath(new URL('./fixtures/match/make-nested-include-alias', import.meta.url)));
  const s = report.executionMap.find(x => x.kind === 'git-config');
  assert.equal(s?.location.file, 'config/aliases.inc');
  assert.equal(s.entry, '.git-tools/st.js');
});

it('reads git config syntax: subsections, quotes, comments, continuations', () => {
  const entries = parseGitConfig(
    '# c\n[filter "a b"]\n\tsmudge = "node x.js" ; note\n[core] pager = less \\\n -R\n[alias]\n\tst = "!f() { echo \\"hi\\"; }; f"\n',
  );
  assert.deepEqual(
    entries.map(e => [e.key, e.value, e.line]),
    [
      ['filter.a b.smudge', 'node x.js', 3],
      ['core.pager', 'less  -R', 4],
      ['alias.st', '!f() { echo "hi"; }; f', 7],
    ],
  );
});
