/**
 * The README's usage examples are run: the demo's text report and the --quiet line against the
 * bundled lure (examples/take-home-lure), and every option each command's synopsis names against
 * that command's --help. A README that drifts from what the CLI does fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runAirlock } from './helpers/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced block that follows `marker` in the README. */
function blockAfter(marker: string): string[] {
  const at = README.indexOf(marker);
  assert.ok(at >= 0, `README has "${marker}"`);
  const open = README.indexOf('```', at);
  const start = README.indexOf('\n', open) + 1;
  return README.slice(start, README.indexOf('\n```', start)).split('\n');
}

/** Durations vary from run to run. */
const normal = (line: string): string => line.replace(/\d+ ms\b/g, '<ms>').trimEnd();

describe('README examples', () => {
  it('the demo report (`npm run demo`, abridged) is what scanning the bundled lure prints', async () => {
    const r = await runAirlock(['scan', 'examples/take-home-lure', '--fail-on', 'never'], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.split('\n').map(normal);
    // Parts of the example are separated by "..." lines; each part is a run of consecutive output
    // lines, in order. A line that ends in "..." is cut there by the README.
    const parts: string[][] = [[]];
    for (const line of blockAfter('Example (`npm run demo`, abridged):').map(normal)) {
      if (line.trim() === '...') parts.push([]);
      else parts.at(-1)?.push(line);
    }
    let from = 0;
    // Blank lines around a "..." belong to the elision.
    const trimmed = parts
      .map(p =>
        p
          .join('\n')
          .replace(/^\n+|\n+$/g, '')
          .split('\n'),
      )
      .filter(p => p.join('') !== '');
    for (const part of trimmed) {
      const matches = (i: number): boolean =>
        part.every((want, k) => {
          const got = out[i + k] ?? '';
          return want.endsWith('...') ? got.startsWith(want.slice(0, -3).trimEnd()) : got === want;
        });
      let at = from;
      while (at < out.length && !matches(at)) at++;
      assert.ok(at < out.length, `README example part not printed (in order):\n${part.join('\n')}\n--- printed:\n${r.stdout}`);
      from = at + part.length;
    }
  });

  it('the --quiet line is what `airlock scan --quiet` prints for the lure', async () => {
    const quoted = /`(BLOCK {2}examples\/take-home-lure {2}[^`]*?)…`/.exec(README);
    assert.ok(quoted?.[1], 'README quotes the --quiet line');
    const r = await runAirlock(['scan', 'examples/take-home-lure', '--quiet', '--fail-on', 'never'], { cwd: ROOT });
    assert.ok(r.stdout.startsWith(quoted[1]), `README: ${quoted[1]}…\nprinted: ${r.stdout}`);
  });

  const usage = blockAfter('## Usage').filter(l => l.startsWith('airlock '));
  it('lists the commands, each of which answers --help', async () => {
    assert.ok(usage.length >= 7);
    for (const line of usage) {
      const command = line.split(/\s+/).slice(1, line.startsWith('airlock db ') ? 3 : 2);
      const r = await runAirlock([...command, '--help'], { cwd: ROOT });
      assert.equal(r.code, 0, `${command.join(' ')} --help: ${r.stderr}`);
    }
  });

  for (const [command, marker] of [
    ['scan', '### `airlock scan`'],
    ['detonate', '### `airlock detonate`'],
    ['hunt', '### `airlock hunt` and `airlock harden`'],
  ] as const) {
    it(`every option the README's ${command} synopsis names is one that --help documents`, async () => {
      const synopsis = blockAfter(marker).join('\n');
      const help = (await runAirlock([command, '--help'], { cwd: ROOT })).stdout;
      const helpHarden = command === 'hunt' ? (await runAirlock(['harden', '--help'], { cwd: ROOT })).stdout : '';
      const options = [...new Set(synopsis.match(/--[a-z][a-z-]*/g) ?? [])];
      assert.ok(options.length > 3);
      for (const option of options) assert.ok(help.includes(option) || helpHarden.includes(option), `${command} --help names ${option}`);
    });
  }
});
