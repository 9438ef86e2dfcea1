/** The inventory walk on hostile trees: links, loops, odd names, encodings, node_modules. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PendingSniffEntry, walk, walkAsync } from '../../src/fs/walk.ts';
import { readText, readTextIfText } from '../../src/fs/read.ts';
import { buildInventory } from '../../src/engine/scan.ts';
import { defaultScanOptions } from '../../src/core/defaults.ts';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-walk-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function repo(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('walk', () => {
  it('records symlinks without following them, inside or out', () => {
    const dir = repo('links');
    writeFileSync(join(dir, 'real.js'), 'module.exports = 1;\n');
    symlinkSync('/etc/passwd', join(dir, 'outside'));
    symlinkSync('real.js', join(dir, 'inside.js'));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const inv = walk(dir);
    const outside = inv.byPath.get('outside');
    assert.equal(outside?.type, 'symlink');
    assert.equal(outside.linkInside, false);
    assert.equal(inv.byPath.get('inside.js')?.linkInside, true);
    assert.equal(inv.byPath.get('loop-a')?.linkInside, false);
    assert.equal(inv.byPath.get('sub/up')?.type, 'symlink');
    assert.ok(![...inv.byPath.keys()].some(p => p.startsWith('sub/up/')), 'does not descend through a directory link');
  });

  it('keeps file names with newlines and control characters', () => {
    const dir = repo('names');
    writeFileSync(join(dir, 'evil\nname.js'), 'x');
    writeFileSync(join(dir, 'esc\u001b[31m.js'), 'x');
    const inv = walk(dir);
    assert.ok(inv.byPath.has('evil\nname.js'));
    assert.ok(inv.byPath.has('esc\u001b[31m.js'));
  });

  it('sniffs content, not extensions', () => {
    const dir = repo('sniff');
    writeFileSync(join(dir, 'font.woff2'), 'global.i = require("child_process");\n');
    writeFileSync(join(dir, 'real.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    writeFileSync(join(dir, 'tool.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]));
    writeFileSync(join(dir, 'empty.txt'), '');
    const inv = walk(dir);
    assert.equal(inv.byPath.get('font.woff2')?.content, 'text');
    assert.equal(inv.byPath.get('real.woff2')?.magic, 'woff2');
    assert.equal(inv.byPath.get('image.png')?.magic, 'png');
    assert.equal(inv.byPath.get('tool.bin')?.magic, 'elf');
    assert.equal(inv.byPath.get('empty.txt')?.content, 'empty');
  });

  it('decodes UTF-16 and BOM-prefixed text', () => {
    const dir = repo('encodings');
    const text = '{ "version": "2.0.0" }\r\n';
    writeFileSync(join(dir, 'le.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = Buffer.from(text, 'utf16le').swap16();
    writeFileSync(join(dir, 'be.json'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    writeFileSync(join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    writeFileSync(join(dir, 'nobom16.json'), Buffer.from(text, 'utf16le'));
    const inv = walk(dir);
    for (const name of ['le.json', 'be.json', 'bom.json', 'nobom16.json']) {
      const entry = inv.byPath.get(name);
      assert.ok(entry, name);
      assert.equal(entry.content, 'text', name);
      assert.equal(readText(dir, entry).text, text, name);
    }
  });

  it('stops at the depth cap and says so', () => {
    const dir = repo('deep');
    let p = dir;
    for (let i = 0; i < 12; i++) {
      p = join(p, 'd');
      mkdirSync(p);
    }
    writeFileSync(join(p, 'x.js'), 'x');
    const inv = walk(dir, { maxDepth: 5 });
    assert.ok(inv.skipped.some(s => s.reason === 'depth'));
  });

  it('caps a huge file read and reports truncation', () => {
    const dir = repo('huge');
    writeFileSync(join(dir, 'big.js'), 'a'.repeat(3 * 1024 * 1024));
    const inv = walk(dir);
    const entry = inv.byPath.get('big.js');
    assert.ok(entry);
    const r = readText(dir, entry, 1024 * 1024);
    assert.equal(r.truncated, true);
    assert.equal(r.text.length, 1024 * 1024);
  });

  it('summarises an installed node_modules but reads a committed one in full', async () => {
    const dir = repo('nm');
    for (const pkg of ['left-pad', '@scope/util']) {
      mkdirSync(join(dir, 'node_modules', pkg, 'lib'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', pkg, 'package.json'), '{"name":"x","version":"1.0.0"}');
      writeFileSync(join(dir, 'node_modules', pkg, 'lib', 'index.js'), 'module.exports = 1;');
    }
    writeFileSync(join(dir, 'package.json'), '{"name":"app"}');
    const installed = await buildInventory(dir, defaultScanOptions());
    const summary = installed.nodeModules[0];
    assert.equal(summary?.tracked, false);
    assert.equal(summary.scanned, false);
    assert.equal(summary.packages, 2);
    assert.ok(installed.byPath.has('node_modules/left-pad/package.json'));
    assert.ok(!installed.byPath.has('node_modules/left-pad/lib/index.js'));

    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
        stdio: 'ignore',
        env: { ...process.env, GIT_CEILING_DIRECTORIES: tmp },
      });
    };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'commit node_modules');
    const committed = await buildInventory(dir, defaultScanOptions());
    assert.equal(committed.nodeModules[0]?.tracked, true);
    assert.ok(committed.byPath.has('node_modules/left-pad/lib/index.js'));
    assert.equal(committed.gitDir, '.git');
    assert.ok(!committed.files.some(f => f.path.startsWith('.git/')));

    git('update-index', '--index-version', '4');
    const v4 = await buildInventory(dir, defaultScanOptions());
    assert.ok(v4.tracked?.has('node_modules/@scope/util/lib/index.js'), 'reads index v4 path compression');
  });

  it('leaves the sniff of a scanned node_modules for later, with the same answers on demand', () => {
    const dir = repo('deferred');
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
    writeFileSync(join(dir, 'node_modules', 'pkg', 'font.woff2'), 'global.i = require("child_process");\n');
    writeFileSync(join(dir, 'node_modules', 'pkg', 'real.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'node_modules', 'pkg', 'utf16.txt'), Buffer.from('\uFEFFhello', 'utf16le'));
    writeFileSync(join(dir, 'node_modules', 'pkg', 'empty.js'), '');
    const eager = walk(dir, { nodeModules: 'include' });
    const lazy = walk(dir, { nodeModules: 'include', deferNodeModulesSniff: true });
    const index = lazy.byPath.get('node_modules/pkg/index.js');
    assert.ok(index instanceof PendingSniffEntry && !index.sniffed, 'not sniffed during the walk');
    assert.equal(lazy.byPath.get('node_modules/pkg/empty.js')?.content, 'empty', 'empty files need no sniff');
    for (const e of eager.files) {
      const l = lazy.byPath.get(e.path);
      assert.deepEqual([l?.content, l?.magic, l?.encoding, l?.size, l?.type], [e.content, e.magic, e.encoding, e.size, e.type], e.path);
    }
    // Reading a small deferred file settles its sniff from the same bytes, with the eager answers.
    const read = walk(dir, { nodeModules: 'include', deferNodeModulesSniff: true });
    for (const e of eager.files) {
      const l = read.byPath.get(e.path);
      assert.ok(l);
      const got = readTextIfText(dir, l);
      assert.ok(!(l instanceof PendingSniffEntry) || l.sniffed, e.path);
      assert.deepEqual([l.content, l.magic, l.encoding], [e.content, e.magic, e.encoding], e.path);
      assert.equal(got?.text, e.content === 'binary' ? undefined : readText(dir, e).text, e.path);
    }
    const settled = walk(dir, { nodeModules: 'include', deferNodeModulesSniff: true }).byPath.get('node_modules/pkg/index.js');
    assert.ok(settled instanceof PendingSniffEntry);
    settled.settle({ content: 'empty' });
    assert.equal(settled.content, 'empty', 'a settled sniff is not read again');
  });

  it('walks asynchronously to the same inventory, letting the event loop run between folders', async () => {
    const dir = repo('async');
    for (let i = 0; i < 20; i++) {
      mkdirSync(join(dir, `d${i}`, 'sub'), { recursive: true });
      writeFileSync(join(dir, `d${i}`, 'sub', 'f.js'), `module.exports = ${i};\n`);
    }
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const inv = await walkAsync(dir, {}, 0);
    done = true;
    assert.ok(turns > 0, 'the event loop ran during the walk');
    const sync = walk(dir);
    assert.deepEqual(
      inv.files.map(f => [f.path, f.size, f.content]),
      sync.files.map(f => [f.path, f.size, f.content]),
    );
    assert.deepEqual([...inv.dirs].sort(), [...sync.dirs].sort());
  });
});
