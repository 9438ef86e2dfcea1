// Regenerates data/yarn-releases.txt: the SHA-256 of every official Yarn (berry) release, the
// single file `yarn set version` commits as .yarn/releases/yarn-<version>.cjs. Each is the
// `bin/yarn.js` of the @yarnpkg/cli-dist package of that version on the npm registry, read from
// the published tarball after checking it against the registry's integrity hash.
// Usage: npx tsx scripts/update-yarn-releases.ts [--registry URL]   (default https://registry.npmjs.org)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { RegistryClient } from '../src/deps/registry/client.ts';
import { readTarball } from '../src/deps/registry/tarball.ts';

const PACKAGE = '@yarnpkg/cli-dist';
const args = process.argv.slice(2);
const at = args.indexOf('--registry');
const registry = at >= 0 ? (args[at + 1] ?? '') : 'https://registry.npmjs.org';
const cache = mkdtempSync(join(tmpdir(), 'airlock-yarn-releases-'));
try {
  const client = new RegistryClient(registry, cache);
  const doc = await client.packument(PACKAGE);
  const rows: string[] = [];
  for (const version of [...doc.versions.keys()].filter(v => semver.valid(v) !== null).sort(semver.compare)) {
    const info = doc.versions.get(version);
    if (!info) continue;
    const file = readTarball(await client.tarball(info)).files.get('bin/yarn.js');
    if (file === undefined) {
      console.error(`${PACKAGE}@${version}: no bin/yarn.js in the tarball; skipped`);
      continue;
    }
    rows.push(`${version}\t${createHash('sha256').update(file).digest('hex')}`);
    process.stderr.write(`${version} `);
  }
  const header = [
    `# Official Yarn releases: version<TAB>SHA-256 of the release file (bin/yarn.js of ${PACKAGE}, what`,
    `# \`yarn set version\` writes to .yarn/releases/yarn-<version>.cjs), from ${registry} on`,
    `# ${new Date().toISOString().slice(0, 10)} by scripts/update-yarn-releases.ts.`,
  ].join('\n');
  writeFileSync(new URL('../data/yarn-releases.txt', import.meta.url), `${header}\n${rows.join('\n')}\n`);
  console.log(`\nwrote ${rows.length} releases to data/yarn-releases.txt`);
} finally {
  rmSync(cache, { recursive: true, force: true });
}
