/**
 * yarn.lock, classic (v1, Yarn's own format) and Berry (v2+, YAML), through Yarn's own parser
 * (`@yarnpkg/parsers`), behind a size cap and the YAML nesting cap, checked on the text first:
 * both of Yarn's parsers recurse.
 */
import type * as YarnParsers from '@yarnpkg/parsers';
import { LIMITS } from '../core/limits.ts';
import { lazyRequire } from '../core/lazy-require.ts';
import { failure, isStackOverflow, tooDeep, tooLarge } from './read-result.ts';
import type { ReadResult } from './read-result.ts';
import { yamlNestingExceeds } from './yaml.ts';

const yarnParsers = lazyRequire('@yarnpkg/parsers') as () => typeof YarnParsers;

const CLASSIC_HEADER = '# yarn lockfile v1\n';

export function readYarnLock(text: string, maxChars: number = LIMITS.read.maxLockfileChars): ReadResult<Record<string, unknown>> {
  if (text.length > maxChars) return tooLarge('yarn.lock', text.length, maxChars);
  const maxDepth = LIMITS.read.maxYamlDepth;
  if (yamlNestingExceeds(text, maxDepth)) return tooDeep('yarn.lock', maxDepth);
  try {
    return { ok: true, value: yarnParsers().parseSyml(text) };
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep('yarn.lock', maxDepth);
    if (!text.includes('__metadata')) {
      try {
        // A classic lockfile whose header comment was removed.
        return { ok: true, value: yarnParsers().parseSyml(CLASSIC_HEADER + text) };
      } catch (again) {
        if (isStackOverflow(again)) return tooDeep('yarn.lock', maxDepth);
        // Report the first error: it names the line as the file has it.
      }
    }
    return failure('syntax', `not a readable yarn.lock (${err instanceof Error ? err.message : String(err)})`);
  }
}
