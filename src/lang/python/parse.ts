/**
 * The Python parser: tree-sitter's maintained Python grammar, run in WebAssembly through
 * web-tree-sitter (no native addon, nothing from the scanned code runs). The grammar's tree is
 * copied once into plain objects (`PyNode`) and freed, so analysis code never holds WebAssembly
 * memory and a tree can be kept as long as a scan needs it.
 *
 * Loading the grammar is asynchronous (`loadPythonParser`); parsing is synchronous afterwards.
 * Hostile input gives a `PyParse` with `problems`, never an exception: a file over the size cap, a
 * parse that runs past its time budget, nesting deeper than the copy keeps, syntax the grammar does
 * not accept (Python 2 `print "x"`, `exec "code"`), NUL bytes, a PEP 263 declaration of an
 * encoding other than UTF-8 (the text was decoded as UTF-8, so its strings may be wrong).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language as TsLanguage, Parser as TsParser, TreeCursor } from 'web-tree-sitter';
import { extName } from '../../fs/path.ts';

export const PY_EXTENSIONS = new Set(['.py', '.pyw', '.pyi']);

/** Files larger than this are not parsed whole: their head and tail are (see `parsePython`). */
export const MAX_PY_PARSE_CHARS = 2 * 1024 * 1024;
/** Deeper subtrees are left out of the copy (and reported): analysis recurses over it. */
const MAX_DEPTH = 400;
/** A parse that takes longer than this is stopped and reported (pathological input). */
const PARSE_BUDGET_MS = 20_000;

export function isPythonPath(path: string): boolean {
  return PY_EXTENSIONS.has(extName(path)) && !path.endsWith('.pyi');
}

export interface PyNode {
  type: string;
  /** Offsets into the parsed text (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** The field this node fills in its parent (`function`, `arguments`, `left`...). */
  field?: string;
  children: PyNode[];
}

export type PyProblemKind = 'too-large' | 'syntax' | 'depth' | 'budget' | 'encoding' | 'nul';

export interface PyProblem {
  kind: PyProblemKind;
  message: string;
  line?: number;
}

export interface PyParse {
  /** The text the tree indexes (the whole file, or its head and tail for a huge one). */
  text: string;
  root: PyNode;
  problems: PyProblem[];
}

interface Loaded {
  parser: TsParser;
  language: TsLanguage;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

/** Loads web-tree-sitter and the Python grammar once per process. */
export function loadPythonParser(): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const language = await Language.load(new Uint8Array(wasm));
    const parser = new Parser();
    parser.setLanguage(language);
    loaded = { parser, language };
    return loaded;
  })();
  return loading.then(() => undefined);
}

export function pythonParserLoaded(): boolean {
  return loaded !== undefined;
}

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES = /^(?:utf-?8(?:[-_].*)?|ascii|us-ascii)$/i;

/** The PEP 263 declaration of the first two lines, when it names an encoding other than UTF-8. */
function foreignEncoding(text: string): { name: string; line: number } | undefined {
  let start = 0;
  for (let line = 1; line <= 2; line++) {
    const nl = text.indexOf('\n', start);
    const row = text.slice(start, nl < 0 ? Math.min(text.length, start + 400) : Math.min(nl, start + 400));
    const m = CODING.exec(row);
    if (m?.[1] !== undefined) return UTF8_NAMES.test(m[1]) ? undefined : { name: m[1], line };
    if (nl < 0) break;
    start = nl + 1;
  }
  return undefined;
}

/** Head and tail of a huge file, the middle replaced by blank lines so that line numbers hold. */
function window(text: string, max: number): string {
  const half = max >> 1;
  const headEnd = text.lastIndexOf('\n', half);
  const tailStart = text.indexOf('\n', text.length - half);
  if (headEnd < 0 || tailStart < 0 || tailStart <= headEnd) return text.slice(0, max);
  let lines = 0;
  for (let i = headEnd; i < tailStart; i = text.indexOf('\n', i + 1)) {
    if (i < 0) break;
    lines++;
  }
  return text.slice(0, headEnd) + '\n'.repeat(lines + 1) + text.slice(tailStart + 1);
}

/**
 * Parses Python source. Requires `loadPythonParser()` to have resolved (throws otherwise: a
 * programming error, not bad input).
 */
export function parsePython(source: string): PyParse {
  if (!loaded) throw new Error('the Python parser is not loaded');
  const problems: PyProblem[] = [];
  let text = source;
  if (text.length > MAX_PY_PARSE_CHARS) {
    problems.push({
      kind: 'too-large',
      message: `larger than ${MAX_PY_PARSE_CHARS} characters: its first and last ${MAX_PY_PARSE_CHARS >> 21} MiB were parsed, the middle was not`,
    });
    text = window(text, MAX_PY_PARSE_CHARS);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    problems.push({ kind: 'nul', message: 'contains NUL bytes, which Python refuses to run', line: lineAt(text, nul) });
  }
  const enc = foreignEncoding(text);
  if (enc) {
    problems.push({
      kind: 'encoding',
      message: `declares the encoding ${enc.name.slice(0, 40)} (PEP 263) but was read as UTF-8: its strings may read differently to Python`,
      line: enc.line,
    });
  }
  const deadline = performance.now() + PARSE_BUDGET_MS;
  let stopped = false;
  const tree = loaded.parser.parse(text, null, {
    progressCallback: () => {
      if (performance.now() > deadline) stopped = true;
      return stopped;
    },
  });
  if (!tree) {
    loaded.parser.reset();
    problems.push({ kind: 'budget', message: `parsing took longer than ${PARSE_BUDGET_MS / 1000} s and was stopped` });
    return { text, root: { type: 'module', start: 0, end: 0, line: 1, children: [] }, problems };
  }
  try {
    const cursor = tree.walk();
    const state = { deep: false, firstError: undefined as number | undefined, missing: false };
    const root = copy(cursor, state);
    cursor.delete();
    if (state.deep)
      problems.push({ kind: 'depth', message: `nested deeper than ${MAX_DEPTH} levels: the deepest parts were not analysed` });
    if (state.firstError !== undefined || state.missing) {
      problems.push({
        kind: 'syntax',
        message: 'does not parse as Python 3 (Python 2 or broken syntax): the parts that parse were analysed',
        ...(state.firstError !== undefined ? { line: state.firstError } : {}),
      });
    }
    return { text, root, problems };
  } finally {
    tree.delete();
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Copies the subtree under the cursor: named nodes, plus anonymous ones that fill a field (the
 * operator of a binary operation) and the keywords that change meaning (`not`, `await`). Written
 * as an explicit stack, so deep input cannot overflow the JavaScript stack.
 */
function copy(cursor: TreeCursor, state: { deep: boolean; firstError: number | undefined; missing: boolean }): PyNode {
  const make = (): PyNode => {
    const node: PyNode = {
      type: cursor.nodeType,
      start: cursor.startIndex,
      end: cursor.endIndex,
      line: cursor.startPosition.row + 1,
      children: [],
    };
    const field = cursor.currentFieldName;
    if (field) node.field = field;
    return node;
  };
  const root = make();
  const stack: PyNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1] as PyNode;
    if (cursor.nodeIsMissing) state.missing = true;
    const type = cursor.nodeType;
    if (type === 'ERROR' && state.firstError === undefined) state.firstError = cursor.startPosition.row + 1;
    const keep = cursor.nodeIsNamed || cursor.currentFieldName !== null || type === 'not' || type === 'await';
    let descended = false;
    if (keep) {
      const node = make();
      parent.children.push(node);
      if (stack.length >= MAX_DEPTH) {
        if (cursor.gotoFirstChild()) {
          state.deep = true;
          cursor.gotoParent();
        }
      } else if (cursor.gotoFirstChild()) {
        stack.push(node);
        descended = true;
      }
    }
    if (descended) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length <= 1) return root;
      stack.pop();
    }
  }
}

/** The source text of a node. */
export function textOf(parse: { text: string }, n: PyNode): string {
  return parse.text.slice(n.start, n.end);
}
