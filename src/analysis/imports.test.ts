import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileEntry, Inventory } from '../fs/walk.ts';
import { ImportResolver, readPackageImports } from './imports.ts';

function inventory(paths: string[]): Inventory {
  const files: FileEntry[] = paths.map(path => ({ path, size: 1, type: 'file', content: 'text', inNodeModules: false }));
  return { root: '/r', files, byPath: new Map(files.map(f => [f.path, f])), dirs: new Set(), nodeModules: [], skipped: [], totalBytes: 0 };
}

describe('package.json imports', () => {
  it('resolves #specifiers to the package folder, through conditions and wildcards', () => {
    const text = JSON.stringify({
      name: 'app',
      imports: { '#config': { node: './scripts/cfg.cjs', default: './src/cfg.js' }, '#lib/*': './src/lib/*.js', '#dep': 'some-package' },
    });
    const aliases = readPackageImports('web', text);
    assert.ok(aliases);
    const r = new ImportResolver(inventory(['web/scripts/cfg.cjs', 'web/src/lib/db.js', 'web/src/app.js']), [aliases]);
    assert.equal(r.resolve('web/src/app.js', '#config'), 'web/scripts/cfg.cjs');
    assert.equal(r.resolve('web/src/app.js', '#lib/db'), 'web/src/lib/db.js');
    assert.equal(r.resolve('web/src/app.js', '#dep'), undefined);
  });

  it('has no aliases without an imports field', () => {
    assert.equal(readPackageImports('', '{"name":"x","exports":{"./a":"./a.js"}}'), undefined);
  });
});
