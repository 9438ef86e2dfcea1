import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { textFacts } from '../../../analysis/text-facts.ts';

export default defineRule({
  meta: {
    id: 'code/obfuscation',
    textGates: ['obfuscation'],
    severity: 'high',
    confidence: 'high',
    description:
      'JavaScript shaped by an obfuscator (obfuscator.io `_0x` names, rotated string arrays, control-flow flattening, `_$_xxxx`), not by a minifier.',
    triggers: ['dev', 'build', 'start', 'install', 'open'],
    escalate: true,
    since: '0.1.0',
  },
  async run(ctx) {
    for (const facts of (await textFacts(ctx)).values()) {
      for (const e of facts.errors) ctx.error(e, facts.path);
      const signals = facts.obfuscation;
      if (signals.length === 0) continue;
      const strong = signals.filter(s => s.value.strength === 'strong');
      if (strong.length === 0 && signals.length < 2) continue;
      let severity: Severity = strong.length > 0 ? 'high' : 'medium';
      if (facts.inNodeModules) severity = strong.length > 0 ? 'low' : 'info';
      const first = strong[0] ?? signals[0];
      if (!first) continue;
      const list = signals.map(s => s.value.text).join('; ');
      const where = facts.inNodeModules ? ' (inside an installed package; some ship obfuscated builds on purpose)' : '';
      ctx.report({
        message: `${facts.path} is obfuscated${where}: ${list}. Minifiers do not produce this; it is written to keep readers out.`,
        location: { file: facts.path, line: first.line, column: first.column },
        evidence: list,
        severity,
        confidence: facts.parsed || strong.length > 1 ? 'high' : 'medium',
      });
    }
  },
});
