/**
 * The shared JS/TS parser (oxc). Every code rule uses the same parse of a file, cached per scan.
 * A file that a surface runs as JavaScript is parsed as JavaScript whatever its extension.
 */
import { parseSync, rawTransferSupported } from 'oxc-parser';
import type { ParseResult, ParserOptions } from 'oxc-parser';
import { extName, JS_EXTENSIONS } from '../../fs/path.ts';
import { deeplyNested } from './nesting.ts';

export type JsLang = 'js' | 'jsx' | 'ts' | 'tsx';

/** Files larger than this are not parsed whole (text rules still see them). */
export const MAX_PARSE_BYTES = 8 * 1024 * 1024;

/**
 * Of a file over the cap, its head and tail are parsed, half of this each. The AST takes a hundred
 * and more times the bytes of dense (minified) code, so a window of the whole cap cost over a
 * gigabyte and half a minute; the middle of such a file is a reported gap whatever the window.
 */
export const PARSE_WINDOW_BYTES = 2 * 1024 * 1024;

export function isJsPath(path: string): boolean {
  return JS_EXTENSIONS.has(extName(path)) && !path.endsWith('.d.ts');
}

export function langOf(path: string): JsLang {
  switch (extName(path)) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts';
    case '.tsx':
      return 'tsx';
    case '.jsx':
      return 'jsx';
    default:
      return 'js';
  }
}

export interface ParsedJs {
  result: ParseResult;
  /** True when the parser reported errors (the AST may be partial or empty). */
  broken: boolean;
}

/**
 * Raw transfer (64-bit, Node >= 22) hands oxc's AST over from its own memory instead of through a
 * JSON string: the same AST, several times faster. The option is experimental and missing from
 * oxc-parser's types. Its reader recurses, so a few thousand levels of nesting overflow the stack:
 * such a file (or a buffer that cannot be allocated) goes through JSON instead.
 */
const rawTransfer = rawTransferSupported();

function parseWith(path: string, text: string, lang: JsLang): ParseResult {
  const options: ParserOptions = { lang, sourceType: 'unambiguous' };
  if (rawTransfer) {
    try {
      return parseSync(path, text, { ...options, experimentalRawTransfer: true } as ParserOptions);
    } catch {
      // JSON below.
    }
  }
  return parseSync(path, text, options);
}

/** Thrown for text nested too deeply to parse in a thread with the default native stack. */
export class DeepNestingError extends Error {
  constructor() {
    super('nested too deeply to parse in this thread');
    this.name = 'DeepNestingError';
  }
}

let bigStack = false;

/** Called by a thread started with a big native stack: it parses deeply nested code too. */
export function parseOnBigStack(): void {
  bigStack = true;
}

/**
 * Parse a file. Deeply nested text (see nesting.ts) would overflow the native stack of an ordinary
 * thread, which kills the process: there it throws DeepNestingError instead, and the caller falls
 * back to the text or hands the file to a thread with a big stack (analysis/js/big-stack-worker.ts).
 */
export function parseJs(path: string, text: string, lang: JsLang = langOf(path)): ParsedJs {
  if (!bigStack && deeplyNested(text)) throw new DeepNestingError();
  // JSX is accepted in .js files (React projects); TS parses plain JS too.
  const effective: JsLang = lang === 'js' ? 'jsx' : lang;
  let result = parseWith(path, text, effective);
  if (result.errors.length > 0 && effective === 'jsx') {
    const plain = parseWith(path, text, 'js');
    if (plain.errors.length < result.errors.length) result = plain;
  }
  return { result, broken: result.errors.length > 0 };
}
