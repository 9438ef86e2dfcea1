/** Where a dependency is written down: its line in the lockfile or in package.json. */
import type { Location } from '../core/types.ts';
import type { DepNode, DepTree, ManifestDep } from './tree.ts';
import { lineOf } from './text.ts';

function needles(node: DepNode, format: string): string[] {
  switch (format) {
    case 'npm':
      return [`"${node.key}"`, `"${node.name}"`];
    case 'bun':
      return [`"${node.key}": [`, `"${node.name}@`];
    case 'pnpm':
      return [`${node.key}:`, `/${node.key}:`, `${node.name}@`];
    default:
      return [`${node.key}`, `${node.name}@`];
  }
}

export function nodeLocation(tree: DepTree, node: DepNode): Location {
  const lf = tree.lockfiles.find(l => l.file === node.lockfile);
  const text = lf?.text;
  if (text !== undefined && lf) {
    for (const n of needles(node, lf.format)) {
      const line = lineOf(text, n);
      if (line !== undefined) return { file: node.lockfile, line };
    }
  }
  return { file: node.lockfile };
}

export function manifestLocation(dep: ManifestDep): Location {
  return dep.line === undefined ? { file: dep.manifest } : { file: dep.manifest, line: dep.line };
}

/** Findings per rule and lockfile are capped; the rest are summarised in one finding. */
export const MAX_FINDINGS_PER_FILE = 50;
