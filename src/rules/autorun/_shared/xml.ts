/** Walking the element tree of an IDE configuration file (read by src/lang/xml.ts). */
import type { XmlElement } from '../../../lang/xml.ts';

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
