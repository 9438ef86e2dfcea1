/**
 * The project's `.env*` files as facts for the code rules: every entry, with the endpoint a value
 * decodes to, and the `process.env` values the static evaluation substitutes.
 */
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import { isDotenvPath, parseDotenv } from '../../lang/dotenv/parse.ts';
import { decodeHiddenEndpoint } from './evaluate.ts';

export interface EnvEntryFact {
  file: string;
  line: number;
  key: string;
  value: string;
  /** The endpoint the value decodes to, when it is an encoded URL or IP:port. */
  decoded?: { value: string; encoding: string };
}

/** The entries of the project's .env files (not installed packages'), once per scan. */
export const envFacts = defineFact('env-facts', readEnvEntries);

function readEnvEntries(ctx: RuleContext): readonly EnvEntryFact[] {
  const out: EnvEntryFact[] = [];
  for (const f of ctx.inventory.files) {
    if (f.inNodeModules || f.type !== 'file' || f.content !== 'text' || !isDotenvPath(f.path)) continue;
    const text = ctx.text(f.path);
    if (text === undefined) continue;
    for (const e of parseDotenv(text)) {
      const entry: EnvEntryFact = { file: f.path, line: e.line, key: e.key, value: e.value };
      const d = decodeHiddenEndpoint(e.value);
      if (d) entry.decoded = d;
      out.push(entry);
      if (out.length > 5000) return out;
    }
  }
  return out;
}

/** process.env values for evaluation: an encoded endpoint wins over other values of the key. */
export function envMap(entries: readonly EnvEntryFact[]): [string, string][] {
  const m = new Map<string, string>();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e.value);
  for (const e of entries) if (e.decoded) m.set(e.key, e.value);
  return [...m];
}
