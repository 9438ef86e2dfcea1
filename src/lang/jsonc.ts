/**
 * JSONC as VS Code reads it: comments, trailing commas, duplicate keys where the last one wins,
 * and syntax errors tolerated (the editor keeps what it could parse). The parse tree comes from
 * `jsonc-parser`, VS Code's own parser; when that parser runs out of stack (very deep nesting) an
 * iterative reader built on the same tokenizer takes over, so no file is dropped. Every value can
 * be mapped back to its line and column.
 */
import { createScanner, parse, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { NodeType, ParseError } from 'jsonc-parser';
import { LIMITS } from '../core/limits.ts';
import { nestingExceeds } from './json.ts';
import { failure, isStackOverflow, tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';

export type JsonPath = (string | number)[];
/** A parse-tree node, in jsonc-parser's shape (a property's children are its key and its value). */
export interface JsonNode {
  type: NodeType;
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  parent?: JsonNode;
  children?: JsonNode[];
}

export interface JsoncPosition {
  line: number;
  column: number;
}

export interface JsoncIssue extends JsoncPosition {
  message: string;
}

export interface JsoncDuplicate extends JsoncPosition {
  /** Path of the duplicated key (the object path plus the key). */
  path: JsonPath;
}

export interface JsoncDocument {
  /** The value the editor would see (objects have no prototype), or undefined for an empty file. */
  value: unknown;
  root: JsonNode | undefined;
  /** Syntax errors, as the editor reports them; the value is still what could be parsed. */
  errors: JsoncIssue[];
  /** Keys that occur more than once in the same object; each entry is a later, winning occurrence. */
  duplicates: JsoncDuplicate[];
  /** True when VS Code's own parser could not read the file (it ran out of stack). */
  tooDeep: boolean;
  /** The node at a path (for a repeated key, the last occurrence). */
  nodeAt(path: JsonPath): JsonNode | undefined;
  /** Line and column of a path: its key when it is a property, else the value; or of the nearest ancestor that exists. */
  positionOf(path: JsonPath): JsoncPosition;
  /** Line and column of a 0-based offset. */
  positionAt(offset: number): JsoncPosition;
}

// jsonc-parser's const enums cannot be read under isolatedModules; these are their values.
const K = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  comma: 5,
  colon: 6,
  nullKw: 7,
  trueKw: 8,
  falseKw: 9,
  string: 10,
  number: 11,
  lineComment: 12,
  blockComment: 13,
  lineBreak: 14,
  trivia: 15,
  eof: 17,
} as const;

export function readJsonc(input: string): JsoncDocument {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lineStarts = computeLineStarts(text);
  const positionAt = (offset: number): JsoncPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };

  let root: JsonNode | undefined;
  let rawErrors: { message: string; offset: number }[];
  let tooDeep = false;
  try {
    const errors: ParseError[] = [];
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    rawErrors = errors.map(e => ({ message: printParseErrorCode(e.error), offset: e.offset }));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    tooDeep = true;
    const read = parseIteratively(text);
    root = read.root;
    rawErrors = read.errors;
  }

  const errors = rawErrors.map(e => ({ message: e.message, ...positionAt(e.offset) }));
  const value = root === undefined ? undefined : valueOf(root);
  const duplicates = root === undefined ? [] : findDuplicates(root).map(n => ({ path: pathOf(n), ...positionAt(n.offset) }));

  const nodeAt = (path: JsonPath): JsonNode | undefined => (root === undefined ? undefined : findNode(root, path));
  const positionOf = (path: JsonPath): JsoncPosition => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(path.slice(0, n));
      if (!node) continue;
      const anchor = node.parent?.type === 'property' ? node.parent : node;
      return positionAt(anchor.offset);
    }
    return { line: 1, column: 1 };
  };
  return { value, root, errors, duplicates, tooDeep, nodeAt, positionOf, positionAt };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** The node at `path`, taking the last property when a key repeats (as the editor does). */
function findNode(root: JsonNode, path: JsonPath): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (typeof segment === 'number') {
      if (node.type !== 'array') return undefined;
      node = node.children[segment];
      continue;
    }
    if (node.type !== 'object') return undefined;
    let found: JsonNode | undefined;
    for (const prop of node.children) {
      const value = prop.children?.[1];
      if (prop.children?.[0]?.value === segment && value) found = value;
    }
    node = found;
  }
  return node;
}

/** Path of a property node: the path of its object plus its key. */
function pathOf(prop: JsonNode): JsonPath {
  const path: JsonPath = [keyOf(prop)];
  let node = prop.parent;
  while (node?.parent) {
    const parent: JsonNode = node.parent;
    if (parent.type === 'property') {
      path.push(keyOf(parent));
      node = parent.parent;
    } else if (parent.type === 'array') {
      path.push(parent.children?.indexOf(node) ?? -1);
      node = parent;
    } else break;
  }
  return path.reverse();
}

function keyOf(prop: JsonNode): string {
  const key: unknown = prop.children?.[0]?.value;
  return typeof key === 'string' ? key : '';
}

/** Later occurrences of a key already seen in the same object. */
function findDuplicates(root: JsonNode): JsonNode[] {
  const out: JsonNode[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as JsonNode;
    if (!node.children) continue;
    if (node.type === 'object' && node.children.length > 1) {
      const seen = new Set<unknown>();
      for (const prop of node.children) {
        const key: unknown = prop.children?.[0]?.value;
        if (seen.has(key)) out.push(prop);
        seen.add(key);
      }
    }
    // Only containers and properties can hold an object.
    for (const c of node.children) if (c.children) stack.push(c);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The value of a (sub)tree, without recursion and without a table of every node's value (a
 * megabytes-long config has millions of nodes): each container is made when its node is reached
 * and each child's value is written into its slot. Properties are visited in document order, so a
 * repeated key keeps its last value.
 */
export function valueOf(root: JsonNode): unknown {
  const top: Record<string, unknown> = {};
  const stack: [JsonNode, Record<string, unknown> | unknown[], string | number][] = [[root, top, 'value']];
  while (stack.length > 0) {
    const [node, into, slot] = stack.pop() as [JsonNode, Record<string, unknown> | unknown[], string | number];
    const children = node.children ?? [];
    let value: unknown;
    if (node.type === 'object') {
      const obj = Object.create(null) as Record<string, unknown>;
      for (let i = children.length - 1; i >= 0; i--) {
        const prop = children[i];
        const key: unknown = prop?.children?.[0]?.value;
        const v = prop?.children?.[1];
        if (typeof key === 'string' && v) stack.push([v, obj, key]);
      }
      value = obj;
    } else if (node.type === 'array') {
      const arr: unknown[] = new Array<unknown>(children.length);
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c) stack.push([c, arr, i]);
      }
      value = arr;
    } else value = node.value;
    if (Array.isArray(into)) into[slot as number] = value;
    else into[slot as string] = value;
  }
  return top['value'];
}

interface Frame {
  node: JsonNode;
  /** What the container waits for next. */
  phase: 'key' | 'colon' | 'value' | 'comma';
  /** The property being read (objects only). */
  prop?: JsonNode;
  /** A container that appeared where no value was expected: read, then dropped. */
  orphan: boolean;
}

/**
 * Containers nested deeper than this are not read (their place holds `null`): no editor reads
 * them either (VS Code's parser runs out of stack a few thousand levels down), and a tree of
 * millions of levels would take gigabytes. What follows them is read as usual.
 */
export const MAX_JSONC_DEPTH = 20_000;

/**
 * An iterative reader on jsonc-parser's tokenizer, for files nested too deeply for the recursive
 * parser. It recovers from errors by skipping the unexpected token, like the editor does.
 */
export function parseIteratively(text: string): { root: JsonNode | undefined; errors: { message: string; offset: number }[] } {
  const scanner = createScanner(text, false);
  const errors: { message: string; offset: number }[] = [];
  const stack: Frame[] = [];
  let root: JsonNode | undefined;
  /** Inside a container too deep to read: how many levels down, and where it started. */
  let skipped = 0;
  let skippedFrom = 0;

  const attach = (node: JsonNode): void => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      if (root === undefined) root = node;
      else errors.push({ message: 'EndOfFileExpected', offset: node.offset });
      return;
    }
    if (frame.node.type === 'array') {
      if (frame.phase !== 'value') errors.push({ message: 'CommaExpected', offset: node.offset });
      node.parent = frame.node;
      frame.node.children?.push(node);
      frame.phase = 'comma';
      return;
    }
    const prop = frame.prop;
    if (!prop || frame.phase === 'key' || frame.phase === 'comma') {
      errors.push({ message: 'PropertyNameExpected', offset: node.offset });
      return;
    }
    if (frame.phase === 'colon') errors.push({ message: 'ColonExpected', offset: node.offset });
    node.parent = prop;
    prop.children?.push(node);
    prop.length = node.offset + node.length - prop.offset;
    delete frame.prop;
    frame.phase = 'comma';
  };

  const expectsValue = (): boolean => {
    const frame = stack[stack.length - 1];
    if (!frame) return root === undefined;
    return frame.node.type === 'array'
      ? frame.phase === 'value' || frame.phase === 'comma'
      : frame.phase === 'value' || frame.phase === 'colon';
  };

  const close = (frame: Frame, end: number): void => {
    frame.node.length = end - frame.node.offset;
    if (!frame.orphan) attach(frame.node);
  };

  for (;;) {
    const kind = scanner.scan() as number;
    if (kind === K.eof) break;
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    const frame = stack[stack.length - 1];
    if (skipped > 0) {
      if (kind === K.openBrace || kind === K.openBracket) skipped++;
      else if (kind === K.closeBrace || kind === K.closeBracket) skipped--;
      if (skipped === 0) attach({ type: 'null', value: null, offset: skippedFrom, length: offset + length - skippedFrom });
      continue;
    }
    if ((kind === K.openBrace || kind === K.openBracket) && stack.length >= MAX_JSONC_DEPTH) {
      errors.push({ message: `NestedDeeperThan${MAX_JSONC_DEPTH}Levels`, offset });
      skipped = 1;
      skippedFrom = offset;
      continue;
    }
    switch (kind) {
      case K.lineComment:
      case K.blockComment:
      case K.lineBreak:
      case K.trivia:
        continue;
      case K.openBrace:
      case K.openBracket: {
        const orphan = !expectsValue();
        if (orphan) errors.push({ message: 'ValueExpected', offset });
        const node: JsonNode = { type: kind === K.openBrace ? 'object' : 'array', offset, length: 0, children: [] };
        stack.push({ node, phase: kind === K.openBrace ? 'key' : 'value', orphan });
        continue;
      }
      case K.closeBrace:
      case K.closeBracket: {
        const want = kind === K.closeBrace ? 'object' : 'array';
        if (frame?.node.type !== want) {
          errors.push({ message: kind === K.closeBrace ? 'CloseBracketExpected' : 'CloseBraceExpected', offset });
          continue;
        }
        if (frame.phase === 'colon' || (frame.phase === 'value' && want === 'object')) {
          errors.push({ message: 'ValueExpected', offset });
        }
        stack.pop();
        close(frame, offset + length);
        continue;
      }
      case K.comma:
        if (frame?.phase === 'comma') frame.phase = frame.node.type === 'object' ? 'key' : 'value';
        else errors.push({ message: 'ValueExpected', offset });
        continue;
      case K.colon:
        if (frame?.phase === 'colon') {
          frame.phase = 'value';
          if (frame.prop) frame.prop.colonOffset = offset;
        } else errors.push({ message: 'InvalidSymbol', offset });
        continue;
      case K.string:
        if (frame?.node.type === 'object' && (frame.phase === 'key' || frame.phase === 'comma')) {
          if (frame.phase === 'comma') errors.push({ message: 'CommaExpected', offset });
          const prop: JsonNode = { type: 'property', offset, length, parent: frame.node, children: [] };
          prop.children?.push({ type: 'string', value: scanner.getTokenValue(), offset, length, parent: prop });
          frame.node.children?.push(prop);
          frame.prop = prop;
          frame.phase = 'colon';
        } else {
          attach({ type: 'string', value: scanner.getTokenValue(), offset, length });
        }
        continue;
      case K.number:
        attach({ type: 'number', value: Number(scanner.getTokenValue()), offset, length });
        continue;
      case K.trueKw:
      case K.falseKw:
        attach({ type: 'boolean', value: kind === K.trueKw, offset, length });
        continue;
      case K.nullKw:
        attach({ type: 'null', value: null, offset, length });
        continue;
      default:
        errors.push({ message: 'InvalidSymbol', offset });
    }
  }
  if (skipped > 0) attach({ type: 'null', value: null, offset: skippedFrom, length: text.length - skippedFrom });
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    errors.push({ message: frame.node.type === 'object' ? 'CloseBraceExpected' : 'CloseBracketExpected', offset: text.length });
    close(frame, text.length);
  }
  return { root, errors };
}

/**
 * The value of a JSONC document without its parse tree (for big files such as bun.lock), strict
 * about syntax: the first error fails the read. Nesting is capped before parsing, so the
 * recursive parser stays far from the end of the stack.
 */
export function readJsoncValue(input: string, limits: { maxChars?: number; maxDepth?: number } = {}): ReadResult<unknown> {
  const maxChars = limits.maxChars ?? LIMITS.read.maxChars;
  const maxDepth = limits.maxDepth ?? LIMITS.read.maxJsonDepth;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length > maxChars) return tooLarge('JSONC', text.length, maxChars);
  if (nestingExceeds(text, maxDepth)) return tooDeep('JSONC', maxDepth);
  try {
    const errors: ParseError[] = [];
    const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
    const first = errors[0];
    if (first) {
      const line = lineAtOffset(text, first.offset);
      return failure('syntax', `not valid JSONC (${printParseErrorCode(first.error)} at line ${line})`, { line });
    }
    return { ok: true, value };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('JSONC', maxDepth);
    return failure('syntax', `not valid JSONC (${err instanceof Error ? err.message : String(err)})`);
  }
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The JSON tokenizer (no recursion), for readers that keep their own state (package.json). */
export { createScanner as jsonTokenizer };

/** A plain-object view: the value when it is a JSON object, else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
