/** `airlock open`: scan first, then start the editor only when the verdict allows it. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { runCli } from '../../src/cli/run.ts';
import { runAirlock } from '../helpers/cli.ts';

const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));
const CLEAN = fileURLToPath(new URL('../../examples/clean-app', import.meta.url));
const REVIEW = fileURLToPath(new URL('../../src/rules/autorun/direnv/fixtures/match/envrc-curl', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'airlock-open-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A stand-in for the editor's shell command (VS Code itself cannot run here): it records its argument. */
function fakeEditor(name: string): { path: string; log: string } {
  const log = join(tmp, `${name}.log`);
  const path = join(tmp, name);
  writeFileSync(path, `#!/bin/sh\nprintf '%s' "$1" > '${log}'\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

async function waitFor(file: string): Promise<string> {
  // The shell creates the file before printf writes to it: wait for content, not just the file.
  for (let i = 0; i < 250 && (!existsSync(file) || readFileSync(file, 'utf8') === ''); i++) await sleep(20);
  return readFileSync(file, 'utf8');
}

describe('airlock open', () => {
  it('opens a folder whose verdict is pass', async () => {
    const ed = fakeEditor('ed-pass');
    const r = await runAirlock(['open', '--editor', ed.path, CLEAN]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await waitFor(ed.log), CLEAN);
  });

  it('asks on review and respects the answer', async () => {
    const ed = fakeEditor('ed-review');
    const ask = (answer: string) => async (argv: string[]) => {
      let out = '';
      const code = await runCli(argv, {
        stdout: t => ((out += t), undefined),
        stderr: () => undefined,
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: { NO_COLOR: '1' },
        cwd: tmp,
        prompt: () => Promise.resolve(answer),
      });
      return { code, out };
    };
    const no = await ask('n')(['open', '--editor', ed.path, REVIEW]);
    assert.equal(no.code, 1);
    assert.equal(existsSync(ed.log), false);
    const yes = await ask('y')(['open', '--editor', ed.path, REVIEW]);
    assert.equal(yes.code, 0);
    assert.equal(await waitFor(ed.log), REVIEW);
  });

  it('refuses on review without a terminal unless --yes', async () => {
    const ed = fakeEditor('ed-noterm');
    const r = await runAirlock(['open', '--editor', ed.path, REVIEW]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /REVIEW/);
    const forced = await runAirlock(['open', '--yes', '--editor', ed.path, REVIEW]);
    assert.equal(forced.code, 0);
  });

  it('refuses a blocked repository unless --force', async () => {
    const ed = fakeEditor('ed-block');
    const r = await runAirlock(['open', '--editor', ed.path, LURE]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refused: the verdict is BLOCK/);
    assert.equal(existsSync(ed.log), false);
    const forced = await runAirlock(['open', '--force', '--editor', ed.path, LURE]);
    assert.equal(forced.code, 0);
    assert.equal(await waitFor(ed.log), LURE);
  });

  it('says clearly when the editor command is missing', async () => {
    const r = await runAirlock(['open', '--editor', join(tmp, 'no-such-editor'), CLEAN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /editor command not found/);
  });
});
