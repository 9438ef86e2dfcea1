import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeHome } from '../../test/helpers/workstation.ts';
import type { Tree } from '../../test/helpers/workstation.ts';
import { walkFiles } from './files.ts';
import { MAX_REPOSITORIES, findRepositories } from './repos.ts';

describe('bounded walks', () => {
  it('stops at the repository limit and says so', () => {
    const tree: Tree = {};
    for (let i = 0; i < MAX_REPOSITORIES + 5; i++) tree[`r${i}/package.json`] = '{}';
    const home = makeHome(tree);
    const found = findRepositories([home]);
    assert.equal(found.repositories.length, MAX_REPOSITORIES);
    assert.match(found.truncated ?? '', /200 repositories/);
  });

  it('stops a file walk at its entry limit and never follows symlinked folders', () => {
    const tree: Tree = { loop: { symlink: '.' } };
    for (let i = 0; i < 50; i++) tree[`d/f${i}`] = '';
    const home = makeHome(tree);
    const all = walkFiles(home, { maxDepth: 5, maxEntries: 1000 }, () => true);
    assert.equal(all.files.length, 50);
    assert.equal(all.truncated, false);
    const some = walkFiles(home, { maxDepth: 5, maxEntries: 10 }, () => true);
    assert.equal(some.truncated, true);
  });
});
