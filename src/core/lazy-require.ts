/**
 * Dependencies loaded on first use. A scan pays at start-up only for the parsers it needs: most
 * repositories hold no TOML, XML, YAML, yarn.lock or archive, and importing every parser up front
 * cost about 100 ms before the first file was read. The CommonJS builds are loaded (one file each
 * for most of them, the quickest to load).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A function that loads the package `name` on its first call and returns it; the caller says its
 * type: `lazyRequire('yaml') as () => typeof Yaml`, with `import type * as Yaml from 'yaml'`.
 */
export function lazyRequire(name: string): () => unknown {
  let loaded: unknown;
  return () => (loaded ??= require(name) as unknown);
}
