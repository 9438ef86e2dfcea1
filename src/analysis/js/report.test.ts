import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Surface } from '../../core/types.ts';
import { reachPhrase, withReach } from './report.ts';

const surface = (s: Partial<Surface> & Pick<Surface, 'trigger' | 'kind'>): Surface => ({
  location: { file: 'package.json' },
  reaches: [],
  ...s,
});

describe('reachability messages', () => {
  it('names the npm script and the import chain', () => {
    const s = surface({ trigger: 'dev', kind: 'npm-script', name: 'dev', entry: 'next.config.js', reaches: ['server/auth.js'] });
    assert.equal(reachPhrase([s], 'server/auth.js'), 'runs when you run `npm run dev`: next.config.js → server/auth.js');
  });

  it('puts the earliest trigger first and lists the others', () => {
    const dev = surface({ trigger: 'dev', kind: 'npm-script', name: 'dev', entry: 'server.js' });
    const open = surface({ trigger: 'open', kind: 'vscode-task', entry: 'server.js' });
    assert.equal(
      reachPhrase([dev, open], 'server.js'),
      'runs when you open this folder in VS Code or Cursor: server.js (also when you run `npm run dev`)',
    );
  });

  it('uses npm start/test without "run"', () => {
    assert.match(
      reachPhrase([surface({ trigger: 'start', kind: 'npm-script', name: 'start', entry: 'a.js' })], 'a.js') ?? '',
      /`npm start`/,
    );
  });

  it('names the debug configuration for a launch program or a preLaunchTask, not an npm command', () => {
    const program = surface({ trigger: 'start', kind: 'vscode-launch', name: 'Launch API', entry: 'tools/start.js' });
    assert.equal(
      reachPhrase([program], 'tools/start.js'),
      'runs when you start debugging with "Launch API" in VS Code or Cursor: tools/start.js',
    );
    const task = surface({
      trigger: 'start',
      kind: 'vscode-launch-task',
      name: 'setup (preLaunchTask of "Launch API")',
      entry: 'setup.js',
    });
    assert.equal(reachPhrase([task], 'setup.js'), 'runs when you start debugging with "Launch API" in VS Code or Cursor: setup.js');
  });

  it('leaves the message alone when nothing reaches the file', () => {
    assert.equal(reachPhrase([], 'a.js'), undefined);
    assert.equal(withReach('This file runs code.', [], 'a.js'), 'This file runs code.');
  });
});
