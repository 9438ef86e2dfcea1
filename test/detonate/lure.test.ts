/**
 * The bundled lure, detonated as a user would: with its .vscode folder (folder-open tasks) and as
 * a copy without it (the loader then runs from the install script and the dev server, once the
 * dependencies are fetched; they come from a registry-like server on 127.0.0.1 that serves inert
 * stand-ins at the pinned versions, since tests never reach the network). Both block on behaviour.
 * A clean app passes.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.ts';
import { detonate } from '../../src/index.ts';
import { LURE_STAND_INS, startRegistry } from './registry.ts';

const LURE = fileURLToPath(new URL('../../examples/take-home-lure', import.meta.url));
const hits = (r: Report, id: string): Report['findings'] => r.findings.filter(f => f.ruleId === id);

describe('detonating the bundled lure', { skip: process.platform !== 'linux' && 'bubblewrap needs Linux', concurrency: false }, () => {
  it('with .vscode: the folder-open tasks download and run the decoy (wget over HTTPS with the run CA, a fake font evaluated)', async () => {
    const r = await detonate(LURE, { offline: true, timeoutSeconds: 20, settleSeconds: 1, phases: ['open', 'install'] });
    const ran = hits(r, 'runtime/remote-code-loaded').map(f => f.message);
    assert.ok(
      ran.some(m => /https:\/\/vscode-settings\.example\.invalid\/api\/settings\/linux/.test(m)),
      JSON.stringify(ran),
    );
    assert.ok(
      ran.some(m => /https:\/\/fonts-cdn\.example\.invalid\/s\/603_1/.test(m)),
      JSON.stringify(ran),
    );
    assert.ok(!(r.behaviors ?? []).some(b => /settings\/(mac|win)/.test(b.summary)), 'only the Linux variant ran');
    const notRun = hits(r, 'runtime/phase-not-run').at(0);
    assert.match(
      notRun?.message ?? '',
      /^The install phase did not really run: package\.json declares 6 dependencies and none are installed \(--offline\)/,
    );
    assert.equal(r.verdict, 'block');
  });

  it('without .vscode: the dependencies are fetched, the install script and the dev server run the loader, which blocks', async () => {
    const work = mkdtempSync(join(tmpdir(), 'airlock-lure-'));
    const registry = await startRegistry(LURE_STAND_INS);
    try {
      const copy = join(work, 'take-home-lure');
      cpSync(LURE, copy, { recursive: true, filter: src => !src.includes('/.vscode') });
      const r = await detonate(copy, { timeoutSeconds: 25, settleSeconds: 2, registryUrl: registry.url });
      assert.ok(
        r.notes?.some(n => n.startsWith('dependencies fetched with `npm install --ignore-scripts`')),
        JSON.stringify(r.notes),
      );
      const sent = hits(r, 'runtime/honeytoken-access').filter(f =>
        /\(env-secret\) were sent to auth-check\.example\.invalid/.test(f.message),
      );
      assert.deepEqual([...new Set(sent.map(f => f.triggers?.join(',')))].sort(), ['dev', 'install']);
      const ran = hits(r, 'runtime/remote-code-loaded');
      assert.ok(
        ran.some(
          f => f.triggers?.includes('install') && /https:\/\/auth-check\.example\.invalid\/api\/ipcheck-encrypted\/603_1/.test(f.message),
        ),
      );
      assert.ok(ran.some(f => f.triggers?.includes('dev')));
      assert.equal(hits(r, 'runtime/phase-not-run').length, 0);
      assert.equal(r.verdict, 'block');
    } finally {
      await registry.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a clean app passes: install, dev and test all run and nothing is reported', async () => {
    const r = await detonate(fileURLToPath(new URL('./fixtures/clean-app', import.meta.url)), {
      offline: true,
      timeoutSeconds: 20,
      settleSeconds: 1,
      phases: ['open', 'install', 'dev', 'test'],
    });
    assert.deepEqual(
      (r.behaviors ?? []).filter(b => b.kind === 'phase').map(b => b.summary),
      [
        'open: skipped (the execution map lists nothing that runs when the folder is opened)',
        'install: postinstall: ok',
        'dev: dev: listening',
        'test: test: ok',
      ],
    );
    assert.deepEqual(r.findings, []);
    assert.equal(r.verdict, 'pass');
  });
});
