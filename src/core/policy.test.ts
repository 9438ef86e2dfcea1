import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNamedInstaller, persistenceSeverity, runsUnasked } from './policy.ts';
import type { Surface } from './types.ts';

const surface = (kind: string, fields: Partial<Surface>): Surface => ({
  trigger: 'install',
  kind,
  location: { file: 'x' },
  reaches: [],
  ...fields,
});

describe('persistence policy', () => {
  it('is critical on a trigger path, high unreached, medium in an installed package', () => {
    const base = { reachedBy: ['install'] as const, automatic: true, userConfig: true, installed: false };
    assert.equal(persistenceSeverity(base), 'critical');
    assert.equal(persistenceSeverity({ ...base, reachedBy: ['dev'], userConfig: false }), 'critical');
    assert.equal(persistenceSeverity({ ...base, reachedBy: [] }), 'high');
    assert.equal(persistenceSeverity({ ...base, installed: true }), 'medium');
  });

  it('is medium for the user’s own configuration written by an installer they run by name, critical for a service', () => {
    const named = { reachedBy: ['install'] as const, automatic: false, userConfig: true, installed: false };
    assert.equal(persistenceSeverity(named), 'medium');
    assert.equal(persistenceSeverity({ ...named, userConfig: false }), 'critical');
  });

  it('knows an installer run by name from a lifecycle script or a README `npm install`', () => {
    assert.equal(isNamedInstaller(surface('make-target', { name: 'install (default goal)' })), true);
    assert.equal(isNamedInstaller(surface('just-recipe', { name: 'setup-dotfiles' })), true);
    assert.equal(isNamedInstaller(surface('make-target', { name: 'dev' })), false);
    assert.equal(isNamedInstaller(surface('npm-script', { name: 'install' })), false);
    for (const c of ['make install', 'npm run bootstrap', './install.sh', 'bash scripts/setup-mac.sh'])
      assert.equal(isNamedInstaller(surface('readme-command', { command: c })), true, c);
    for (const c of ['npm install', 'pnpm install', 'make dev', 'sh ./installer.sh'])
      assert.equal(isNamedInstaller(surface('readme-command', { command: c })), false, c);
    assert.equal(runsUnasked([surface('make-target', { name: 'install' }), surface('npm-script', { name: 'postinstall' })]), true);
    assert.equal(runsUnasked([surface('make-target', { name: 'install' })]), false);
  });
});
