/** Where a dependency is written down: its line in the lockfile or in package.json. */
import type { FindingInput, RuleContext } from '../core/rule.ts';
import { makeSnippet } from '../core/snippet.ts';
import type { Location, Snippet } from '../core/types.ts';
import type { DepNode, DepTree, ManifestDep } from './tree.ts';
import { lineOf, redactUrl } from './text.ts';

function needles(node: DepNode, format: string): string[] {
  switch (format) {
    case 'npm':
      return [`"${node.key}"`, `"${node.name}"`];
    case 'bun':
      return [`"${node.key}": [`, `"${node.name}@`];
    case 'pnpm':
      return [`${node.key}:`, `/${node.key}:`, `${node.name}@`];
    default:
      return [node.key, `${node.name}@`];
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

function redactedSnippet(text: string | undefined, line: number | undefined): Snippet | undefined {
  if (text === undefined || line === undefined) return undefined;
  const snippet = makeSnippet(text, line);
  if (!snippet) return undefined;
  return { startLine: snippet.startLine, lines: snippet.lines.map(redactUrl) };
}

/**
 * `ctx.report` that attaches its own code frame with credentials redacted: lockfiles, .npmrc and
 * package.json lines can carry tokens that the engine's frame would otherwise print.
 */
export function redactingReporter(ctx: RuleContext, tree: DepTree): (finding: FindingInput) => void {
  return finding => {
    const { file, line } = finding.location;
    const text = tree.lockfiles.find(l => l.file === file)?.text ?? ctx.text(file);
    const snippet = finding.snippet ?? redactedSnippet(text, line);
    ctx.report(snippet ? { ...finding, snippet } : finding);
  };
}
