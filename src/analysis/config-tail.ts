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
  /** The tail calls or constructs something (rather than only declaring). */
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
    calls: /[\w$\])]\s*\(/.test(tail),
    preview: tail.replace(/\s+/g, ' ').slice(0, 160),
  };
}
