import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { revealInvisible } from '../../../analysis/invisible.ts';
import type { InvisibleHit, InvisibleKind } from '../../../analysis/invisible.ts';
import { textFacts } from '../../../analysis/text-facts.ts';
import type { FileFacts } from '../../../analysis/file-facts.ts';

// Translations and prose: right-to-left marks and joiners belong there.
const LOCALE_PATH =
  /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|translations?|messages)\/|\.(?:po|pot|xliff|xlf|properties|arb|strings|md|mdx|txt|rst)$/i;
const RTL_LETTERS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

const NAMES: Record<InvisibleKind, string> = {
  bidi: 'a bidirectional control character (Trojan Source: the code runs in a different order than it reads)',
  'zero-width': 'a zero-width character',
  'variation-run': 'a run of invisible variation selectors',
  'tag-run': 'a run of invisible Unicode tag characters',
  'hangul-filler': 'a Hangul filler character, which renders as blank and is a valid identifier',
};

function severityOf(hit: InvisibleHit, facts: FileFacts, line: string): Severity | undefined {
  const prose = LOCALE_PATH.test(facts.path) || !facts.code;
  switch (hit.kind) {
    case 'variation-run':
    case 'tag-run':
      return facts.inNodeModules ? 'medium' : 'high';
    case 'bidi':
      // Unicode tables and parsers in installed packages carry these as data.
      if (RTL_LETTERS.test(line) || prose || facts.inNodeModules) return 'info';
      return 'high';
    case 'zero-width':
      // In a comment, JSX text or an HTML page's text it changes what a reader sees, not what runs.
      if (prose || facts.inNodeModules || hit.inert === true) return undefined;
      // A one-character string literal (`'ZeroWidthSpace;': '\u200B'` written raw) is data.
      return hit.constant ? 'info' : 'medium';
    case 'hangul-filler':
      if (prose) return 'info';
      return facts.inNodeModules ? 'medium' : 'high';
  }
}

export default defineRule({
  meta: {
    id: 'code/invisible-unicode',
    textGates: ['invisible'],
    severity: 'high',
    confidence: 'high',
    description:
      'Invisible or direction-changing Unicode in code: bidi controls, zero-width characters, variation-selector or tag-character payloads, Hangul-filler identifiers.',
    triggers: ['dev', 'build', 'start', 'install', 'open'],
    escalate: true,
    since: '0.1.0',
  },
  async run(ctx) {
    for (const facts of (await textFacts(ctx)).values()) {
      const reported = new Set<string>();
      facts.invisible.forEach((hit, i) => {
        const line = facts.invisibleLines[i] ?? '';
        const severity = severityOf(hit.value, facts, line);
        if (severity === undefined) return;
        // One finding per kind and line is enough.
        const key = `${hit.value.kind}:${hit.line}`;
        if (reported.has(key)) return;
        reported.add(key);
        const count = hit.value.count > 1 ? ` (${hit.value.count} characters)` : '';
        const decoded = hit.value.decoded !== undefined && hit.value.decoded !== '' ? `; it decodes to "${hit.value.decoded}"` : '';
        ctx.report({
          message: `${facts.path} line ${hit.line} contains ${NAMES[hit.value.kind]}${count}${decoded}.`,
          location: { file: facts.path, line: hit.line, column: hit.column },
          evidence: hit.value.decoded ?? revealInvisible(line.trim()),
          severity,
        });
      });
    }
  },
});
