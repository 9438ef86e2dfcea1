import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { looksLikeCode } from '../../../analysis/hidden.ts';
import type { HiddenSpot } from '../../../analysis/hidden.ts';
import { textFacts } from '../../../analysis/text-facts.ts';

/** A config above this size with most of its bytes off-screen is the Lumanagi shape (8,201 bytes, ~1,448 visible). */
const CONFIG_SIZE = 4096;

function describe(spot: HiddenSpot, file: string): string {
  switch (spot.kind) {
    case 'offscreen':
      return `${file} hides code ${spot.size} columns to the right, behind a run of whitespace, where an editor does not show it.`;
    case 'long-line':
      return `${file} has a ${spot.size}-character line; build configs are not written like that, it is where appended payloads sit.`;
    case 'blank-run':
      return `${file} has ${spot.size} blank lines before more code, which pushes it out of sight.`;
  }
}

export default defineRule({
  meta: {
    id: 'code/hidden-code',
    textGates: ['whitespace'],
    severity: 'high',
    confidence: 'high',
    description:
      'Code hidden from a reader: pushed off-screen by whitespace, after thousands of blank lines, or appended after a config\u2019s final export.',
    triggers: ['dev', 'build', 'start', 'open'],
    escalate: true,
    since: '0.1.0',
  },
  async run(ctx) {
    for (const facts of (await textFacts(ctx)).values()) {
      const nm = facts.inNodeModules;
      const tailLine = facts.configTail?.line;
      const tailOnSpot = tailLine !== undefined && facts.hiddenAt.some(p => p.line === tailLine);
      // A tail that only declares (local plugin functions, constants, types) runs nothing at load.
      if (facts.configTail?.value.calls === true && !tailOnSpot) {
        const tail = facts.configTail.value;
        ctx.report({
          message: `${facts.path} runs ${tail.statements} more statement(s) after its final export; a config ends at its export, this is how payloads are appended to build configs.`,
          location: { file: facts.path, line: facts.configTail.line, column: facts.configTail.column },
          evidence: tail.preview,
        });
      }
      const hidden = facts.hidden;
      if (!hidden) continue;
      const offscreenShare = facts.size > 0 ? hidden.offscreenChars / facts.size : 0;
      const bloated = facts.config && facts.size > CONFIG_SIZE && offscreenShare > 0.5;
      hidden.spots.forEach((spot, i) => {
        const at = facts.hiddenAt[i] ?? { line: 1, column: 1 };
        const code = looksLikeCode(spot.preview);
        // Long lines of minified code in a config are still unusual, but only code off-screen hides.
        if (spot.kind === 'long-line' && !code) return;
        // Transpilers that keep line numbers (Babel retainLines) push comments and code far right.
        if (nm && (!code || /^(?:\/\/|\/\*|\*)/.test(spot.preview))) return;
        // Off-screen code that runs after the config's final export is a hidden payload, not style.
        const runsAfterExport = tailOnSpot && at.line === tailLine && facts.configTail?.value.calls === true;
        const severity: Severity = nm ? 'low' : code && runsAfterExport ? 'critical' : code ? 'high' : 'medium';
        let extra = bloated ? ` ${Math.round(offscreenShare * 100)}% of its ${facts.size} bytes are off-screen.` : '';
        if (tailOnSpot && at.line === tailLine) extra += ' It runs after the config\u2019s final export.';
        ctx.report({
          message: describe(spot, facts.path) + extra,
          location: { file: facts.path, line: at.line, column: at.column },
          evidence: spot.preview,
          severity,
          confidence: code ? 'high' : 'medium',
        });
      });
    }
  },
});
