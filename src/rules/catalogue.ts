/** The rule catalogue as Markdown (docs/rules.md), generated from rule metadata. */
import type { AnyRule } from '../core/rule.ts';
import { AREAS, allRules } from './index.ts';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderRulesDoc(rules: readonly AnyRule[] = allRules): string {
  const out = [
    '# Rule catalogue',
    '',
    'Generated from the rules’ metadata by `npm run gen`; do not edit by hand. Each rule’s full',
    'documentation is the README.md in its folder under `src/rules/`, and `airlock rules RULE_ID` prints it.',
    '',
  ];
  const areas = [...new Set(rules.map(r => r.meta.id.split('/')[0] ?? ''))];
  for (const area of areas) {
    out.push(`## ${area}: ${AREAS[area] ?? area}`, '', '| rule | default severity | triggers | description |', '| --- | --- | --- | --- |');
    for (const r of rules.filter(x => x.meta.id.startsWith(area + '/'))) {
      const flags = [r.meta.online ? 'online' : ''].filter(Boolean).join(', ');
      out.push(
        `| [\`${r.meta.id}\`](../src/rules/${r.meta.id}/README.md) | ${r.meta.severity}${flags ? ` (${flags})` : ''} | ${(r.meta.triggers ?? []).join(', ')} | ${cell(r.meta.description)} |`,
      );
    }
    out.push('');
  }
  out.push(`${rules.length} rules.`, '');
  return out.join('\n');
}
