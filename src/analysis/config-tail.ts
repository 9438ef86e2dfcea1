/**
 * Code after a build config's final export (research/techniques.md T6): a real config ends with
 * `export default {...}` or `module.exports = {...}`; PolinRider appends its loader after it.
 */
import type { ParsedJs } from '../lang/js/parse.ts';
import type { Statement, Directive, ModuleDeclaration } from 'oxc-parser';

export interface ConfigTail {
  /** UTF-16 offset of the first statement after the export. */
  offset: number;
  statements: number;
  chars: number;
  /** A statement of the tail calls, constructs or loops at load (rather than only declaring). */
  calls: boolean;
  preview: string;
}

type TopLevel = Statement | Directive | ModuleDeclaration;

function isExport(node: TopLevel): boolean {
  if (node.type === 'ExportDefaultDeclaration') return true;
  if (node.type !== 'ExpressionStatement') return false;
  const e = node.expression;
  if (e.type !== 'AssignmentExpression') return false;
  const left = e.left;
  if (left.type !== 'MemberExpression') return false;
  const obj = left.object;
  const prop = left.property;
  const propName = prop.type === 'Identifier' ? prop.name : prop.type === 'Literal' ? String(prop.value) : '';
  // module.exports = ..., exports.default = ..., module.exports.default = ...
  if (obj.type === 'Identifier' && obj.name === 'module' && propName === 'exports') return true;
  if (obj.type === 'Identifier' && obj.name === 'exports' && propName === 'default') return true;
  return obj.type === 'MemberExpression' && obj.object.type === 'Identifier' && obj.object.name === 'module' && propName === 'default';
}

const CALL = /[\w$\])]\s*\(|\bnew\s/;

/** Statements that only declare (hoisted functions, types, constants bound to functions or literals) run nothing at load. */
const DECLARES_ONLY = new Set([
  'FunctionDeclaration',
  'TSDeclareFunction',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSModuleDeclaration',
]);
const INERT_INIT = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'Literal']);

/**
 * Whether a top-level statement runs something when the config is loaded: a call, a `new`, a
 * loop or a side effect. `function plugin() { … }` after `export default defineConfig(…)` is how
 * Vite, PostCSS and tsup configs keep their local plugins; it declares and runs nothing.
 */
function runs(node: TopLevel, text: string): boolean {
  if (DECLARES_ONLY.has(node.type)) return false;
  if (node.type === 'ExportNamedDeclaration') return node.declaration ? runs(node.declaration, text) : false;
  if (node.type === 'VariableDeclaration')
    return node.declarations.some(d => d.init !== null && !INERT_INIT.has(d.init.type) && CALL.test(text.slice(d.init.start, d.init.end)));
  if (node.type === 'ClassDeclaration')
    return (
      node.body.body.some(
        m =>
          m.type === 'StaticBlock' ||
          ((m.type === 'PropertyDefinition' || m.type === 'AccessorProperty') && m.static && CALL.test(text.slice(m.start, m.end))),
      ) || node.decorators.length > 0
    );
  return CALL.test(text.slice(node.start, node.end));
}

export function afterFinalExport(parsed: ParsedJs, text: string): ConfigTail | undefined {
  const body = parsed.result.program.body as TopLevel[];
  let last = -1;
  for (let i = 0; i < body.length; i++) if (isExport(body[i] as TopLevel)) last = i;
  if (last < 0 || last === body.length - 1) return undefined;
  const rest = body.slice(last + 1).filter(s => s.type !== 'EmptyStatement');
  const first = rest[0];
  const end = rest[rest.length - 1];
  if (!first || !end) return undefined;
  const tail = text.slice(first.start, end.end);
  return {
    offset: first.start,
    statements: rest.length,
    chars: tail.length,
    calls: rest.some(node => runs(node, text)),
    preview: tail.replace(/\s+/g, ' ').slice(0, 160),
  };
}
