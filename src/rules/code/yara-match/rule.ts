import { errorMessage } from '../../../core/errors.ts';
import { defineRule } from '../../../core/rule.ts';
import { MAX_TEXT_BYTES, readBytes } from '../../../fs/read.ts';
import { compileRuleDirs, makeScanner, scanBytes } from '../../../analysis/yara.ts';

const TIMEOUT_MS = 5000;

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

export default defineRule({
  meta: {
    id: 'code/yara-match',
    severity: 'medium',
    confidence: 'medium',
    description: 'A file matches one of your own YARA rules (`--yara DIR`); severity and message come from the rule\u2019s meta.',
    since: '0.1.0',
  },
  run(ctx) {
    if (ctx.options.yaraDirs.length === 0) return;
    const compiled = compileRuleDirs(ctx.options.yaraDirs);
    for (const p of compiled.problems) ctx.error(p);
    const rules = compiled.rules;
    if (!rules) return;
    const scanner = makeScanner(rules, TIMEOUT_MS);
    try {
      for (const entry of ctx.inventory.files) {
        if (entry.type !== 'file' || entry.size === 0) continue;
        let bytes: Buffer;
        try {
          bytes = readBytes(ctx.root, entry, MAX_TEXT_BYTES);
          if (entry.size > bytes.length)
            ctx.error(`larger than ${MAX_TEXT_BYTES} bytes: YARA saw only the first ${MAX_TEXT_BYTES}`, entry.path);
          for (const m of scanBytes(scanner, bytes)) {
            const where = m.offset === undefined ? {} : { line: lineAt(bytes, m.offset) };
            const evidence =
              m.offset === undefined
                ? undefined
                : bytes.toString('latin1', m.offset, m.offset + Math.min(m.length ?? 0, 160)).replace(/[^\x20-\x7e]/g, '.');
            ctx.report({
              message: `${entry.path} matches your YARA rule ${m.namespace}.${m.rule}${m.description === undefined ? '' : `: ${m.description}`}.`,
              location: { file: entry.path, ...where },
              severity: m.severity,
              ...(evidence === undefined ? {} : { evidence }),
            });
          }
        } catch (err) {
          ctx.error(`YARA scan failed: ${errorMessage(err).split('\n')[0] ?? ''}`, entry.path);
        }
      }
    } finally {
      scanner.free();
      rules.free();
    }
  },
});
