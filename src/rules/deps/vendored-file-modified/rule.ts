import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { errorMessage } from '../../../core/errors.ts';
import { readBytes } from '../../../fs/read.ts';
import { installedPackages } from '../../../deps/installed.ts';
import type { InstalledPackage } from '../../../deps/installed.ts';
import { RegistryClient } from '../../../deps/registry/client.ts';
import { readTarball } from '../../../deps/registry/tarball.ts';
import type { PackageFiles } from '../../../deps/registry/tarball.ts';
import { shown } from '../../../deps/text.ts';
import { depTree } from '../../../deps/tree.ts';
import { addsCode, diffText, recogniseVendored, samePackageJson } from '../../../deps/vendored.ts';

const MAX_PACKAGES = 200;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const CODE_FILE = /\.(?:c|m)?[jt]sx?$|\.(?:node|sh|ps1|cmd|bat|exe|dll|so|dylib)$/i;
const VENDOR_NAME = /(?:^|\/)(?:jquery[^/]*\.js|bootstrap[^/]*\.(?:js|css)|yarn-[^/]+\.c?js)$/;

interface Published {
  files: PackageFiles;
  integrity?: string;
}

async function published(
  ctx: RuleContext,
  client: RegistryClient,
  name: string,
  version: string,
  where: string,
): Promise<Published | undefined> {
  try {
    const doc = await client.packument(name);
    const info = doc.versions.get(version);
    if (!info) {
      ctx.report({
        message: `${where} claims to be ${name}@${shown(version, 40)}, but the registry has no such version: it cannot be a published copy.`,
        location: { file: where },
        severity: 'high',
      });
      return undefined;
    }
    const out: Published = { files: readTarball(await client.tarball(info)) };
    if (info.integrity !== undefined) out.integrity = info.integrity;
    if (out.files.unsafe.length > 0)
      ctx.error(
        `the published tarball of ${name}@${version} has entries outside its folder (${shown(out.files.unsafe.slice(0, 3).join(', '))}); they were ignored`,
      );
    return out;
  } catch (err) {
    ctx.error(`could not compare with the published ${name}@${version}: ${shown(errorMessage(err), 300)}`, where);
    return undefined;
  }
}

function localText(ctx: RuleContext, path: string): string | undefined {
  const entry = ctx.inventory.byPath.get(path);
  if (entry?.type !== 'file' || entry.size > MAX_FILE_BYTES) return undefined;
  return readBytes(ctx.root, entry, MAX_FILE_BYTES).toString('utf8');
}

function compareFile(ctx: RuleContext, local: string, publishedText: string, path: string, label: string): 'same' | 'code' | 'other' {
  const diff = diffText(local, publishedText);
  if (diff.identical) return 'same';
  const code = addsCode(diff.added);
  const first = diff.added[0];
  ctx.report({
    message: code
      ? `${path} differs from the published ${label}: ${diff.added.length} line${diff.added.length === 1 ? ' was' : 's were'} added to it (shown as evidence).`
      : `${path} differs from the published ${label} (${diff.added.length} added, ${diff.removedCount} removed lines, no added code).`,
    location: first ? { file: path, line: first.line } : { file: path },
    evidence: diff.added
      .slice(0, 8)
      .map(l => `+${l.line}: ${shown(l.text, 200)}`)
      .join('\n'),
    severity: code ? 'critical' : 'low',
  });
  return code ? 'code' : 'other';
}

async function checkPackage(
  ctx: RuleContext,
  client: RegistryClient,
  p: InstalledPackage,
  lockIntegrity: Map<string, string>,
): Promise<void> {
  const pub = await published(ctx, client, p.name, p.version, p.manifest);
  if (!pub) return;
  const locked = lockIntegrity.get(`${p.name}@${p.version}`);
  if (
    locked !== undefined &&
    pub.integrity !== undefined &&
    locked !== pub.integrity &&
    !locked.split(/\s+/).some(s => pub.integrity?.includes(s) === true)
  ) {
    ctx.report({
      message: `The lockfile pins ${p.name}@${p.version} to a different tarball (integrity) than the registry publishes.`,
      location: { file: p.manifest },
      evidence: `lockfile ${shown(locked, 60)} ≠ registry ${shown(pub.integrity, 60)}`,
      severity: 'high',
    });
  }
  const prefix = p.dir + '/';
  const local = ctx.inventory.files.filter(
    f =>
      f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('node_modules/') && (ctx.inventory.tracked?.has(f.path) ?? true),
  );
  const added: string[] = [];
  let changed = 0;
  for (const f of local) {
    const rel = f.path.slice(prefix.length);
    const original = pub.files.files.get(rel);
    if (original === undefined) {
      added.push(rel);
      continue;
    }
    const text = localText(ctx, f.path);
    if (text === undefined) continue;
    const orig = original.toString('utf8');
    if (rel === 'package.json') {
      if (!samePackageJson(text, orig) && compareFile(ctx, text, orig, f.path, `${p.name}@${p.version} package.json`) !== 'same') changed++;
      continue;
    }
    if (compareFile(ctx, text, orig, f.path, `${p.name}@${p.version}`) !== 'same') changed++;
  }
  const localSet = new Set(local.map(f => f.path.slice(prefix.length)));
  const removed = [...pub.files.files.keys()].filter(k => !localSet.has(k));
  const addedCode = added.filter(a => CODE_FILE.test(a));
  if (addedCode.length > 0) {
    ctx.report({
      message: `${p.dir} has ${addedCode.length} code file${addedCode.length === 1 ? '' : 's'} that the published ${p.name}@${p.version} does not contain: ${shown(addedCode.slice(0, 5).join(', '), 200)}.`,
      location: { file: `${prefix}${addedCode[0] ?? ''}` },
      evidence: addedCode.slice(0, 20).join('\n'),
      severity: 'high',
    });
  }
  if (added.length > addedCode.length || removed.length > 0) {
    ctx.report({
      message: `${p.dir} differs from the published ${p.name}@${p.version} in its file list (${added.length - addedCode.length} other files added, ${removed.length} removed).`,
      location: { file: p.manifest },
      evidence: [...added.filter(a => !CODE_FILE.test(a)).map(a => `+ ${a}`), ...removed.map(r => `- ${r}`)].slice(0, 20).join('\n'),
      severity: 'low',
    });
  }
  if (changed === 0 && added.length === 0 && removed.length === 0) {
    ctx.report({
      message: `${p.dir} matches the published ${p.name}@${p.version} file for file.`,
      location: { file: p.manifest },
      severity: 'info',
    });
  }
}

async function pool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}

export default defineRule({
  meta: {
    id: 'deps/vendored-file-modified',
    severity: 'critical',
    confidence: 'high',
    description: 'A committed package or vendored library file differs from the published original of the same version (online).',
    triggers: ['install', 'dev', 'build', 'start'],
    online: true,
    since: '0.1.0',
  },
  async run(ctx) {
    const client = new RegistryClient(ctx.options.registryUrl, ctx.options.cacheDir);
    const tree = depTree(ctx);
    const lockIntegrity = new Map<string, string>();
    for (const n of tree.packages) if (n.integrity !== undefined) lockIntegrity.set(`${n.name}@${n.version}`, n.integrity);

    const committed = installedPackages(ctx).filter(p => p.tracked && p.version !== '');
    if (committed.length > MAX_PACKAGES)
      ctx.note(`Only the first ${MAX_PACKAGES} of ${committed.length} committed packages were compared with the registry.`);
    await pool(committed.slice(0, MAX_PACKAGES), 4, p => checkPackage(ctx, client, p, lockIntegrity));

    for (const f of ctx.inventory.files) {
      if (f.inNodeModules || f.type !== 'file' || !VENDOR_NAME.test(f.path)) continue;
      const head = readBytes(ctx.root, f, 4096).toString('utf8');
      const v = recogniseVendored(f.path, head);
      if (!v) continue;
      const pub = await published(ctx, client, v.pkg, v.version, f.path);
      if (!pub) continue;
      const original = pub.files.files.get(v.packagePath);
      const text = localText(ctx, f.path);
      if (original === undefined || text === undefined) {
        ctx.error(
          `${v.packagePath} was not found in the published ${v.pkg}@${v.version}, or the local copy is too large to compare`,
          f.path,
        );
        continue;
      }
      if (compareFile(ctx, text, original.toString('utf8'), f.path, `${v.pkg}@${v.version} (${v.packagePath})`) === 'same') {
        ctx.report({
          message: `${f.path} is identical to the published ${v.pkg}@${v.version} ${v.packagePath}.`,
          location: { file: f.path },
          severity: 'info',
        });
      }
    }
  },
});
