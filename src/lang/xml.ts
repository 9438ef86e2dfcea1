/**
 * XML as a small element tree with source offsets (fast-xml-parser, ordered mode), for IDE
 * configuration files. Entities and character references are decoded; DOCTYPE entities are
 * limited in number, expansions and expanded length, and elements in nesting, by the parser's
 * own caps set from LIMITS. The tree is built without recursion.
 */
import type * as Fxp from 'fast-xml-parser';
import { LIMITS } from '../core/limits.ts';
import { lazyRequire } from '../core/lazy-require.ts';
import { failure, isStackOverflow, tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';

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
      maxNestedTags: LIMITS.read.maxXmlDepth,
      processEntities: {
        enabled: true,
        maxEntityCount: LIMITS.read.maxXmlEntities,
        maxTotalExpansions: LIMITS.read.maxXmlEntityExpansions,
        maxExpandedLength: LIMITS.read.maxXmlExpandedChars,
      },
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

export function readXml(text: string, maxChars: number = LIMITS.read.maxChars): ReadResult<XmlElement[]> {
  if (text.length > maxChars) return tooLarge('XML', text.length, maxChars);
  try {
    const { parser, meta } = xml();
    return { ok: true, value: convert(parser.parse(text), meta) };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('XML', LIMITS.read.maxXmlDepth);
    const message = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(message)) return tooDeep('XML', LIMITS.read.maxXmlDepth);
    if (/entit|expan/i.test(message)) return failure('entities', `XML entities beyond Airlock's limits (${message})`);
    return failure('syntax', message);
  }
}
