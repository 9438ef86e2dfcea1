/**
 * The installed-files pass: the one read of a scanned node_modules tree, shared by the text rules
 * (obfuscation, hidden code, invisible characters, known indicators) and the dataflow rules.
 * Every file is read once, in worker threads for big trees, from the moment the walk finds it
 * (see session.ts); its content sniff, which the walk left to this pass, is settled, and only the
 * few files whose atoms call for it are decoded and analysed. The main thread gets back facts,
 * never file contents.
 */
import { defineFact } from '../../core/rule.ts';
import { envFacts, envMap } from '../js/env-facts.ts';
import { runsAsJs } from '../runs-as-js.ts';
import { iocMatcher } from '../text-source.ts';
import { InstalledSession } from './session.ts';
import type { InstalledPass } from './session.ts';

export type { InstalledPass } from './session.ts';

/**
 * The session the engine fed during the walk (undefined when nothing was: a detonation, or a
 * scan context built without the engine).
 */
export const installedSession = defineFact<InstalledSession | undefined>('installed-session', () => undefined);

/** The pass, once per scan. */
export const installedPass = defineFact(
  'installed-pass',
  async (ctx): Promise<InstalledPass> => {
    const matcher = ctx.facts.get(iocMatcher);
    let session = ctx.facts.get(installedSession);
    if (session && !session.usableWith(matcher)) {
      // Nothing was fed during the walk, or the scan matches another IOC set: start afresh.
      await session.dispose();
      session = undefined;
    }
    if (!session) {
      session = new InstalledSession(ctx.root, matcher);
      for (const e of ctx.inventory.files) session.add(e);
    }
    return session.finish({
      runsAsJs: ctx.facts.get(runsAsJs),
      env: envMap(ctx.facts.get(envFacts)),
      error: (message, path) => {
        ctx.error(message, path);
      },
    });
  },
  'execution-map',
);
