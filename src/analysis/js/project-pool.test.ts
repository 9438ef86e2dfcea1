import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from './analyze-file.ts';
import { ProjectPool } from './project-pool.ts';

const FILES: Record<string, string> = {
  'a.js': `const u = ["https://x", "example", "invalid/p"].join("."); fetch(u).then(r => r.text()).then(eval);`,
  'b.js': `const h = require("./helper"); h.run(process.env);`,
  'c.js': `export const x = 1;`,
};

function open(): ProjectPool {
  const paths = Object.keys(FILES).map(path => ({ path, size: 1 }));
  const pool = ProjectPool.open(paths, [], (path, slot) => ({ slot, path, text: FILES[path] ?? '', lang: 'js', reached: false }), {
    threads: 1,
    minTotalBytes: 0,
  });
  assert.ok(pool);
  return pool;
}

describe('project-files pool', () => {
  it('gives the facts the calling thread computes, or leaves the file to it', async () => {
    const pool = open();
    try {
      pool.pump();
      // Whichever thread gets to a file first does it: a worker's result, when there is one, is
      // what the calling thread would compute, with the specifiers the analysis asked about.
      for (const path of ['c.js', 'b.js', 'a.js']) {
        const r = pool.take(path);
        if (r === undefined) continue;
        const text = FILES[path] ?? '';
        if (path === 'c.js') {
          // No atom of a rule: filtered, with the local modules it loads.
          assert.deepEqual(r, { slot: 2, kind: 'filtered', specifiers: [] });
          continue;
        }
        assert.equal(r.kind, 'facts');
        const asked: string[] = [];
        const here = analyzeText({ path, text, lang: 'js', inNodeModules: false, env: [] }, spec => {
          asked.push(spec);
          return undefined;
        });
        assert.deepEqual(r.facts, JSON.parse(JSON.stringify(here)));
        assert.deepEqual(r.asked, asked);
        if (path === 'b.js') assert.ok(asked.includes('./helper'));
        // Each result is given once.
        assert.equal(pool.take(path), undefined);
      }
    } finally {
      await pool.close();
    }
  });

  it('leaves a file no worker has started to the calling thread', async () => {
    const pool = open();
    try {
      // Nothing handed out yet: the caller takes each file back, and no worker gets it later.
      assert.equal(pool.take('c.js'), undefined);
      pool.pump();
      assert.equal(pool.take('c.js'), undefined);
      assert.equal(pool.take('nowhere.js'), undefined);
    } finally {
      await pool.close();
    }
  });
});
