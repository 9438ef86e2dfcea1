/**
 * File gates (ScanRuleMeta.files): a scan rule that names the files it starts from runs only when
 * the inventory holds one of them.
 */
import picomatch from 'picomatch';
import type { ScanRule } from '../core/rule.ts';
import { baseName } from '../fs/path.ts';
import type { Inventory } from '../fs/walk.ts';

const matchers = new WeakMap<ScanRule, (path: string) => boolean>();

function matcherOf(rule: ScanRule): (path: string) => boolean {
  let m = matchers.get(rule);
  if (m) return m;
  const gate = rule.meta.files ?? {};
  const names = new Set(gate.basenames ?? []);
  const glob = gate.globs && gate.globs.length > 0 ? picomatch([...gate.globs], { dot: true }) : undefined;
  m = (path: string): boolean => names.has(baseName(path)) || (glob !== undefined && glob(path));
  matchers.set(rule, m);
  return m;
}

export function passesGate(rule: ScanRule, inventory: Inventory): boolean {
  if (!rule.meta.files) return true;
  const matches = matcherOf(rule);
  return inventory.files.some(f => matches(f.path));
}
