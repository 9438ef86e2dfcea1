/** Fabricated home folders for the workstation rules, and running hunt/harden against them. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import type { WorkstationRule } from '../../src/workstation/rule.ts';
import type { Finding, Report } from '../../src/core/types.ts';
import { harden, hunt } from '../../src/index.ts';
import type { HardenOptions, HuntOptions } from '../../src/index.ts';
import type { Os } from '../../src/workstation/platform.ts';
import type { SystemReaders } from '../../src/workstation/rule.ts';

export const ALL_OS: readonly Os[] = ['linux', 'darwin', 'win32'];

/** A file tree: path → content (string or Buffer); a value of `{ dir: true }` makes a folder, `{ symlink }` a symlink. */
export type Tree = Record<string, string | Buffer | { dir: true } | { symlink: string } | { mode: number; content: string }>;

export function writeTree(root: string, tree: Tree): void {
  for (const [rel, value] of Object.entries(tree)) {
    const abs = join(root, rel);
    if (typeof value === 'object' && 'dir' in value) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof value === 'object' && 'symlink' in value) symlinkSync(value.symlink, abs);
    else if (typeof value === 'object' && 'mode' in value) {
      writeFileSync(abs, value.content);
      chmodSync(abs, value.mode);
    } else writeFileSync(abs, value);
  }
}

/** A fresh temp folder holding `tree`, removed after the test file. */
export function makeHome(tree: Tree = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-home-'));
  writeTree(root, tree);
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });
  return root;
}

/** A machine with nothing running and no crontab. */
export const QUIET_MACHINE: SystemReaders = {
  processes: () => ({ processes: [], sockets: [], unreadable: 0, errors: [] }),
  crontab: () => ({}),
  identity: () => ({ user: 'dev', uid: 1000, elevated: false }),
};

export async function huntWith(rule: WorkstationRule, home: string, os: Os, extra: Partial<HuntOptions> = {}): Promise<Report> {
  return hunt({
    home,
    os,
    tmpDir: join(home, '.tmp-for-test'),
    rules: [rule],
    readers: { ...QUIET_MACHINE, ...extra.readers },
    ...withoutReaders(extra),
  });
}

export async function hardenWith(rule: WorkstationRule, home: string, os: Os, extra: Partial<HardenOptions> = {}): Promise<Report> {
  return harden({ home, os, rules: [rule], readers: { ...QUIET_MACHINE, ...extra.readers }, ...withoutReaders(extra) });
}

function withoutReaders<T extends { readers?: unknown }>(o: T): Omit<T, 'readers'> {
  const { readers: _readers, ...rest } = o;
  return rest;
}

export function ofRule(report: Report, id: string): Finding[] {
  return report.findings.filter(f => f.ruleId === id);
}
