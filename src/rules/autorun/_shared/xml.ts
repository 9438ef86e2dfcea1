/**
 * XML as a small element tree with source offsets (fast-xml-parser, ordered mode), for IDE
 * configuration files. Entities and character references are decoded; DOCTYPE entity expansion stays within the parser's
 * limits; a file that does not parse yields an error instead of a tree.
 */
import type * as Fxp from 'fast-xml-parser';
import { lazyRequire } from '../../../core/lazy-require.ts';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** 0-based offset of the start tag. */
  start: number;
}

const fxp = lazyRequire('fast-xml-parser') as () => typeof Fxp;

let made: { parser: Fxp.XMLParser; meta: symbol } | undefined;

/** The parser, and the key of the source offsets it records, made on first use. */
function xml(): { parser: Fxp.XMLParser; meta: symbol } {
  const { XMLParser } = fxp();
  return (made ??= {
    parser: new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      captureMetaData: true,
      parseAttributeValue: false,
      parseTagValue: false,
    }),
    meta: XMLParser.getMetaDataSymbol() as unknown as symbol,
  });
}

/** Numeric character references (`&#10;`, `&#x41;`), which IDEs write for newlines in commands. */
function decodeCharRefs(value: string): string {
  return value.replace(/&#(x[0-9a-f]{1,6}|[0-9]{1,7});/gi, (whole, ref: string) => {
    const code = ref.startsWith('x') || ref.startsWith('X') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type OrderedNode = Record<string, unknown>;

function convert(nodes: unknown, META: symbol): XmlElement[] {
  const out: XmlElement[] = [];
  // Iterative, so that nesting depth never reaches the call stack.
  const stack: { nodes: unknown[]; into: XmlElement[] }[] = [{ nodes: Array.isArray(nodes) ? nodes : [], into: out }];
  while (stack.length > 0) {
    const { nodes: list, into } = stack.pop() as { nodes: unknown[]; into: XmlElement[] };
    for (const raw of list) {
      if (typeof raw !== 'object' || raw === null) continue;
      const node = raw as OrderedNode;
      const name = Object.keys(node).find(k => k !== ':@' && k !== '#text');
      if (name === undefined || name.startsWith('?')) continue;
      const attrsRaw = node[':@'];
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      if (typeof attrsRaw === 'object' && attrsRaw !== null) {
        for (const [k, v] of Object.entries(attrsRaw)) if (typeof v === 'string') attrs[k] = decodeCharRefs(v);
      }
      const meta = (node as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined;
      const el: XmlElement = { name, attrs, children: [], start: meta?.startIndex ?? 0 };
      into.push(el);
      const kids = node[name];
      if (Array.isArray(kids)) stack.push({ nodes: kids, into: el.children });
    }
  }
  return out;
}

export function parseXml(text: string): { root: XmlElement[] } | { error: string } {
  try {
    const { parser, meta } = xml();
    return { root: convert(parser.parse(text), meta) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Every element named `name` under the given elements, in document order. */
export function descendants(elements: readonly XmlElement[], name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [...elements].reverse();
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    if (el.name === name) out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i] as XmlElement);
  }
  return out;
}

/** `<option name="KEY" value="…"/>` children of an element, as a map. */
export function optionsOf(el: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of el.children)
    if (c.name === 'option' && c.attrs['name'] !== undefined && c.attrs['value'] !== undefined) map.set(c.attrs['name'], c.attrs['value']);
  return map;
}
