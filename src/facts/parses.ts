/**
 * The one parse of each JavaScript file per scan. Every consumer in the main thread (the import
 * graph of the execution map, the text facts, the code facts, rules that read a config's AST) asks
 * here: a file parsed once is kept until the code facts, its last consumer, have analysed it and
 * release it, so a large tree never holds every AST at once. `stats` says how many files were
 * parsed and how many parses that took (`--verbose` shows both; they are equal when nothing was
 * parsed twice).
 */
import { defineFact } from '../core/rule.ts';
import { parseJs } from '../lang/js/parse.ts';
import type { JsLang, ParsedJs } from '../lang/js/parse.ts';

interface Kept {
  text: string;
  lang: JsLang;
  parsed: ParsedJs;
}

export class JsParses {
  private readonly kept = new Map<string, Kept>();
  private readonly files = new Set<string>();
  private parses = 0;

  /** The parse of `text` as the file `path` in `lang`: the kept one when that text was parsed already. */
  parse(path: string, text: string, lang: JsLang): ParsedJs {
    const hit = this.kept.get(path);
    if (hit && hit.lang === lang && hit.text === text) return hit.parsed;
    const parsed = parseJs(path, text, lang);
    this.parses++;
    this.files.add(path);
    this.kept.set(path, { text, lang, parsed });
    return parsed;
  }

  /** The file was parsed in another thread (the project-files pool), for the counts. */
  parsedElsewhere(path: string): void {
    this.parses++;
    this.files.add(path);
  }

  /** A parse of the file is kept for its last consumer. */
  has(path: string): boolean {
    return this.kept.has(path);
  }

  /** The file's last consumer is done with its AST. */
  release(path: string): void {
    this.kept.delete(path);
  }

  releaseAll(): void {
    this.kept.clear();
  }

  get stats(): { files: number; parses: number } {
    return { files: this.files.size, parses: this.parses };
  }
}

/** The scan's parses of JavaScript files (the project's: installed packages are parsed in workers). */
export const jsParses = defineFact('js-parses', () => new JsParses());
