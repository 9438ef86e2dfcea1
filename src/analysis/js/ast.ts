/**
 * A loose view of the ESTree AST that oxc produces, with an iterative walk (no recursion, so a
 * 10k-deep expression cannot overflow the stack) and offset → line/column mapping.
 */

export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

export function child(n: Node, key: string): Node | undefined {
  const v = n[key];
  return isNode(v) ? v : undefined;
}

export function children(n: Node, key: string): Node[] {
  const v = n[key];
  return Array.isArray(v) ? v.filter(isNode) : [];
}

export function strProp(n: Node, key: string): string | undefined {
  const v = n[key];
  return typeof v === 'string' ? v : undefined;
}

/** Strips parentheses, TypeScript assertions and optional chains around an expression. */
export function unwrap(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 1000; i++) {
    switch (cur.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression': {
        const inner = child(cur, 'expression');
        if (!inner) return cur;
        cur = inner;
        break;
      }
      default:
        return cur;
    }
  }
  return cur;
}

/** The static name of a member expression's property (`a.b`, `a["b"]`), if it is written literally. */
export function propName(member: Node): string | undefined {
  const p = child(member, 'property');
  if (!p) return undefined;
  if (member['computed'] !== true) return p.type === 'Identifier' || p.type === 'PrivateIdentifier' ? strProp(p, 'name') : undefined;
  if (p.type === 'Literal' && typeof p['value'] === 'string') return p['value'];
  if (p.type === 'TemplateLiteral' && children(p, 'expressions').length === 0) {
    const q = children(p, 'quasis')[0];
    const cooked = q ? (q['value'] as { cooked?: unknown } | undefined)?.cooked : undefined;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  return undefined;
}

const SKIP_KEYS = new Set(['type', 'start', 'end', 'range', 'loc', 'raw', 'regex', 'operator']);

/** Pushes a node's child nodes onto a stack so that they pop off in source order. */
export function pushChildren(n: Node, stack: Node[]): void {
  const base = stack.length;
  for (const key in n) {
    const v = n[key];
    if (typeof v !== 'object' || v === null || SKIP_KEYS.has(key)) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) stack.push(item);
    } else if (isNode(v)) {
      stack.push(v);
    }
  }
  for (let i = base, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i] as Node;
    stack[i] = stack[j] as Node;
    stack[j] = t;
  }
}

/** Pre-order walk without recursion; `enter` returns true to stop the walk. */
export function walkAst(root: Node, enter: (node: Node) => boolean): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (enter(node)) return;
    pushChildren(node, stack);
  }
}

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
