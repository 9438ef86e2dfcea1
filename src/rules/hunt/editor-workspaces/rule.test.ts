import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { defineRule } from '../../../core/rule.ts';
import { scan } from '../../../index.ts';
import { ALL_OS, QUIET_MACHINE, makeHome, ofRule } from '../../../../test/helpers/workstation.ts';
import { runHunt } from '../../../workstation/hunt.ts';
import type { Os } from '../../../workstation/platform.ts';
import rule, { folderOpenTasks } from './rule.ts';

const ID = 'hunt/editor-workspaces';

/** A stand-in scan rule: critical when a repository holds MALICIOUS-MARKER (the real rules live elsewhere). */
const marker = defineRule({
  meta: { id: 'ioc/test-marker', severity: 'critical', confidence: 'high', description: 'test marker', since: '0.1.0' },
  run(ctx) {
    if (ctx.inventory.byPath.has('MALICIOUS-MARKER')) ctx.report({ message: 'marker present', location: { file: 'MALICIOUS-MARKER' } });
  },
});

const STORAGE: Record<Os, string> = {
  linux: '.config/Code/User/globalStorage/storage.json',
  darwin: 'Library/Application Support/Cursor/User/globalStorage/storage.json',
  win32: 'AppData/Roaming/Windsurf/User/globalStorage/storage.json',
};

const TASKS = `{
  // inert fixture: a folder-open task that only echoes
  "version": "2.0.0",
  "tasks": [{ "label": "setup", "type": "shell", "command": "echo hello", "runOptions": { "runOn": "folderOpen" }, },],
}`;

async function huntHome(home: string, os: Os, folders: string[]) {
  const storage = JSON.stringify({ windowsState: { openedWindows: folders.map(f => ({ folder: pathToFileURL(`${home}/${f}`).href })) } });
  mkdirSync(dirname(`${home}/${STORAGE[os]}`), { recursive: true });
  writeFileSync(`${home}/${STORAGE[os]}`, storage);
  return runHunt({ home, os, rules: [rule], readers: QUIET_MACHINE }, [rule], dir => scan(dir, { provenance: false, rules: [marker] }));
}

describe(ID, () => {
  for (const os of ALL_OS) {
    it(`${os}: recently opened clean folders give no finding`, async () => {
      const home = makeHome({
        'code/app/package.json': '{"name":"app"}',
        'code/app/.vscode/tasks.json': '{"tasks":[{"label":"build","command":"npm run build"}]}',
      });
      const report = await huntHome(home, os, ['code/app', 'code/gone']);
      assert.deepEqual(ofRule(report, ID), []);
      assert.equal(report.workstation?.checks[0]?.status, 'ran');
    });

    it(`${os}: a recent folder with a folder-open task is high, one with critical findings is critical`, async () => {
      const home = makeHome({ 'code/lure/.vscode/tasks.json': TASKS, 'code/bad/MALICIOUS-MARKER': 'inert' });
      const report = await huntHome(home, os, ['code/lure', 'code/bad']);
      const hits = ofRule(report, ID);
      assert.deepEqual(hits.map(h => [h.location.file, h.severity]).sort(), [
        ['~/code/bad', 'critical'],
        ['~/code/lure/.vscode/tasks.json', 'high'],
      ]);
      assert.match(hits.find(h => h.severity === 'high')?.message ?? '', /setup: echo hello/);
    });
  }

  it('finds folder-open tasks in JSONC', () => {
    assert.deepEqual(folderOpenTasks(TASKS), ['setup: echo hello']);
    assert.deepEqual(folderOpenTasks('{ broken'), []);
  });
});
