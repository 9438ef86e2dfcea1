/**
 * Packages present in node_modules folders of the target (installed or committed): the walk keeps
 * every package's package.json even when it only summarises an installed node_modules.
 */
import { defineFact } from '../core/rule.ts';
import type { RuleContext } from '../core/rule.ts';
import { dirName } from '../fs/path.ts';
import { readJson } from '../lang/json.ts';
import { isRecord, stringMap } from './lockfiles/types.ts';

export interface InstalledPackage {
  /** Root-relative folder of the package, e.g. `node_modules/@scope/name`. */
  dir: string;
  manifest: string;
  name: string;
  version: string;
  scripts: Map<string, string>;
  /** Whether git tracks the package.json (a committed package). */
  tracked: boolean;
}

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`. */
const PACKAGE_MANIFEST = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;

const installedPackagesFact = defineFact('deps:installed', (ctx): InstalledPackage[] => {
  const out: InstalledPackage[] = [];
  for (const f of ctx.inventory.files) {
    if (!f.inNodeModules || f.type !== 'file') continue;
    const m = PACKAGE_MANIFEST.exec(f.path);
    if (!m?.[1] || m[1] === '.bin') continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    const read = readJson(text);
    if (!read.ok) {
      if (read.error.kind !== 'syntax') ctx.error(`installed manifest not read: ${read.error.message}`, f.path);
      continue;
    }
    const doc = read.value;
    if (!isRecord(doc)) continue;
    out.push({
      dir: dirName(f.path),
      manifest: f.path,
      name: typeof doc['name'] === 'string' ? doc['name'] : m[1],
      version: typeof doc['version'] === 'string' ? doc['version'] : '',
      scripts: stringMap(doc['scripts']),
      tracked: ctx.inventory.tracked?.has(f.path) ?? false,
    });
  }
  return out;
});

export function installedPackages(ctx: RuleContext): InstalledPackage[] {
  return ctx.facts.get(installedPackagesFact);
}
