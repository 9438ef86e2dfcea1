import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.ts';
import { allRules, findRule, ruleDocUrl } from '../../rules/index.ts';
import { renderJson } from '../../reporters/json.ts';
import { oneOf, parse } from '../args.ts';
import type { CliCommand } from '../io.ts';
import { maxOf } from '../../core/spread.ts';

const USAGE = `Usage: airlock rules [RULE_ID] [--format text|json]

Without RULE_ID: the catalogue of every rule (id, default severity, what it detects).
With RULE_ID: that rule's documentation.`;

export const rulesCommand: CliCommand = {
  name: 'rules',
  usage: USAGE,
  run(argv, io) {
    const { values, positionals } = parse(argv, { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'rules');
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return Promise.resolve(0);
    }
    const format = oneOf(values['format'], ['text', 'json'] as const, '--format') ?? 'text';
    const id = positionals[0];
    if (id !== undefined) {
      const rule = findRule(id);
      if (!rule) throw new UsageError('UNKNOWN_RULE', `no rule named ${id} (run \`airlock rules\` for the list)`);
      if (format === 'json') {
        io.stdout(renderJson(rule.meta as never));
        return Promise.resolve(0);
      }
      let doc: string;
      try {
        doc = readFileSync(ruleDocUrl(id), 'utf8');
      } catch {
        doc = `# ${id}\n\n${rule.meta.description}\n`;
      }
      io.stdout(doc.endsWith('\n') ? doc : doc + '\n');
      return Promise.resolve(0);
    }
    if (format === 'json') {
      io.stdout(
        JSON.stringify(
          allRules.map(r => r.meta),
          null,
          2,
        ) + '\n',
      );
      return Promise.resolve(0);
    }
    const width = maxOf(allRules.map(r => r.meta.id.length));
    const lines = allRules.map(r => `${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(8)}  ${r.meta.description}`);
    io.stdout(
      `${'RULE'.padEnd(width)}  SEVERITY  DESCRIPTION\n${lines.join('\n')}\n\n${allRules.length} rules. \`airlock rules RULE_ID\` prints one rule's documentation.\n`,
    );
    return Promise.resolve(0);
  },
};
