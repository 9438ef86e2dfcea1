/**
 * The installed-files pass: the one read of a scanned node_modules tree, shared by the text rules
 * (obfuscation, hidden code, invisible characters, known indicators) and the dataflow rules.
 * Every file is read once, in worker threads for big trees, from the moment the walk finds it
 * (see session.ts); its content sniff, which the walk left to this pass, is settled, and only the
 * few files whose atoms call for it are decoded and analysed. The main thread gets back facts,
 * never file contents.
 */
import type { RuleContext } from '../../core/rule.ts';
import { envEntries, envMap } from '../js/env-facts.ts';
import { iocMatcher, runAsJs } from '../text-source.ts';
import { InstalledSession } from './session.ts';
import type { InstalledPass, SessionOptions } from './session.ts';

export type { InstalledPass } from './session.ts';

/** Memo key under which the engine leaves the session it fed during the walk. */
export const SESSION_KEY = 'installed:session';

/** Files a surface runs or reaches as JavaScript. */
function reachedAsJs(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.executionMap) for (const p of [s.entry, ...s.reaches]) if (p !== undefined) out.add(p);
  return out;
}

/** The pass, once per scan. */
export function installedPass(ctx: RuleContext, options: SessionOptions = {}): Promise<InstalledPass> {
  return ctx.memo('installed:pass', async () => {
    const matcher = iocMatcher(ctx);
    let session = ctx.memo<InstalledSession | undefined>(SESSION_KEY, () => undefined);
    if (session && !session.usableWith(matcher)) {
      // Nothing was fed during the walk, or a rule asked for another IOC set: start afresh.
      await session.dispose();
      session = undefined;
    }
    if (!session) {
      session = new InstalledSession(ctx.root, matcher, options);
      for (const e of ctx.inventory.files) session.add(e);
    }
    return session.finish({
      forcedText: runAsJs(ctx),
      forcedCode: reachedAsJs(ctx),
      env: envMap(envEntries(ctx)),
      error: (message, path) => {
        ctx.error(message, path);
      },
    });
  });
}
