import { defaultCacheDir } from '../../core/defaults.ts';
import { EnvironmentError, UsageError, errorMessage } from '../../core/errors.ts';
import { resolveAbs } from '../../fs/path.ts';
import { DEFAULT_OSV_SOURCES, updateAdvisoryCache } from '../../deps/advisories/osv.ts';
import { parse } from '../args.ts';
import type { CliCommand } from '../io.ts';

const USAGE = `Usage: airlock db update [--source URL ...] [--cache-dir DIR]

Refresh the offline known-malicious package database: download the OSV npm and PyPI exports (ZIPs
of OSV records), keep their MAL- entries (malicious packages, their affected versions and dates)
and save them in Airlock's cache folder. Scans then match the whole dependency tree, npm and
Python, against it offline.

Options:
  --source URL      an OSV export ZIP to download instead of the defaults; repeat it for several
                    (defaults ${DEFAULT_OSV_SOURCES.join('\n                    and ')})
  --cache-dir DIR   cache folder (default: AIRLOCK_CACHE_DIR, else the platform's cache folder)
  -h, --help        this help`;

export const dbCommand: CliCommand = {
  name: 'db',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { source: { type: 'string', multiple: true }, 'cache-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      'db',
    );
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'update')
      throw new UsageError('BAD_ARGS', 'db: the only subcommand is `airlock db update` (see `airlock db --help`)');
    const given = values['source'];
    const sources =
      Array.isArray(given) && given.length > 0 ? given.filter((s): s is string => typeof s === 'string') : DEFAULT_OSV_SOURCES;
    const urls = sources.map(source => {
      let url: URL;
      try {
        url = new URL(source);
      } catch {
        throw new UsageError('BAD_VALUE', `--source must be an http(s) URL (got ${JSON.stringify(source)})`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new UsageError('BAD_VALUE', `--source must be an http(s) URL (got ${url.protocol})`);
      return url;
    });
    const cacheDir = typeof values['cache-dir'] === 'string' ? resolveAbs(io.cwd, values['cache-dir']) : defaultCacheDir(io.env);
    if (io.stderrIsTTY) io.stderr(`airlock: downloading ${urls.map(u => `${u.host}${u.pathname}`).join(', ')}…\n`);
    let result;
    try {
      result = await updateAdvisoryCache(
        cacheDir,
        urls.map(u => u.toString()),
      );
    } catch (err) {
      throw new EnvironmentError('DB_UPDATE_FAILED', `db update failed: ${errorMessage(err)}`);
    }
    io.stdout(
      `Saved ${result.advisories} malicious-package records (${result.packages} packages) to ${result.file}` +
        (result.skipped > 0 ? `; ${result.skipped} unreadable records skipped` : '') +
        '.\n',
    );
    return 0;
  },
};
