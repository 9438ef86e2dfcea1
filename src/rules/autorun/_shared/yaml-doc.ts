/**
 * YAML read with the `yaml` package: the plain value (duplicate keys: last wins), whether a strict
 * reader (js-yaml, which Yarn and pnpm use, rejects duplicate keys) would refuse the file, and the
 * line of each top-level key.
 */
import type * as Yaml from 'yaml';
import { lazyRequire } from '../../../core/lazy-require.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { errorMessage } from '../../../core/errors.ts';

const yaml = lazyRequire('yaml') as () => typeof Yaml;

export interface YamlFile {
  path: string;
  dir: string;
  value: unknown;
  /** Line (1-based) of each top-level key, last occurrence. */
  lines: Map<string, number>;
  /** Why a strict YAML reader would refuse the file. */
  rejected?: string;
}

export function readYaml(ctx: RuleContext, path: string): YamlFile | undefined {
  return ctx.memo(`yaml:${path}`, () => {
    const text = ctx.text(path);
    if (text === undefined) return undefined;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    try {
      return parseYamlFile(text, path, dir);
    } catch (err) {
      ctx.error(`could not read YAML: ${errorMessage(err)}`, path);
      return undefined;
    }
  });
}

export function parseYamlFile(text: string, path: string, dir: string): YamlFile {
  const { LineCounter, isMap, isScalar, parseDocument } = yaml();
  const lc = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lc, prettyErrors: false });
  const strict = parseDocument(text, { prettyErrors: false });
  const lines = new Map<string, number>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = pair.key;
      if (isScalar(key)) lines.set(String(key.value), lc.linePos(key.range[0]).line);
    }
  }
  const file: YamlFile = { path, dir, value: doc.toJS({ maxAliasCount: 100 }) as unknown, lines };
  const first = strict.errors.at(0);
  if (first) file.rejected = first.message.replace(/\n[\s\S]*$/, '');
  return file;
}

export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
