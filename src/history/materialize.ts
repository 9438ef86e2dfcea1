/**
 * Writes the files of a git tree into a folder without `git checkout`: no attributes, filters,
 * hooks or submodules are involved, paths are checked like archive entries, links are made only
 * when they stay inside, and the same caps apply.
 */
import { SafeTreeWriter } from '../fs/extract.ts';
import type { ExtractLimits } from '../fs/extract.ts';
import { catFileBatch } from './repo.ts';
import type { Repository } from './repo.ts';

export interface MaterializeResult {
  files: number;
  bytes: number;
  notes: string[];
  submodules: string[];
}

export async function materializeTree(
  repo: Repository,
  treeish: string,
  dest: string,
  limits: Partial<ExtractLimits> = {},
): Promise<MaterializeResult> {
  const writer = new SafeTreeWriter(dest, limits);
  const { entries, truncated } = await repo.lsTree(treeish, writer.limits.maxEntries + 1);
  const byId = new Map<string, { path: string; link: boolean }[]>();
  const submodules: string[] = [];
  let planned = 0;
  for (const e of entries) {
    writer.countEntry();
    if (e.path.split('/').some(part => part.toLowerCase().replace(/[. ]+$/, '') === '.git')) {
      writer.skipped.push({ name: e.path, reason: 'a `.git` entry inside a tree (git refuses to check these out)' });
      continue;
    }
    const rel = writer.accept(e.path);
    if (rel === undefined) continue;
    if (e.type === 'commit') {
      submodules.push(rel);
      writer.dir(rel);
      continue;
    }
    if (e.type !== 'blob') continue;
    const isLink = e.mode === '120000';
    if (!isLink && e.size !== undefined && e.size > writer.limits.maxFileBytes) {
      writer.skipped.push({ name: rel, reason: 'larger than the per-file cap; not extracted' });
      continue;
    }
    planned += e.size ?? 0;
    if (planned > writer.limits.maxTotalBytes) writer.addBytes(planned);
    const list = byId.get(e.sha) ?? [];
    list.push({ path: rel, link: isLink });
    byId.set(e.sha, list);
  }
  await catFileBatch(repo.gitDir, [...byId.keys()], writer.limits.maxFileBytes, (id, type, _size, data) => {
    for (const target of byId.get(id) ?? []) {
      if (type !== 'blob' || data === undefined) {
        writer.skipped.push({ name: target.path, reason: 'object missing or too large' });
        continue;
      }
      if (target.link) {
        writer.link(target.path, data.toString('utf8'));
        continue;
      }
      const sink = writer.openFile(target.path, data.length);
      if (!sink) continue;
      try {
        sink.write(data);
      } finally {
        sink.close();
      }
    }
  });
  writer.finish();
  const notes = writer.notes('tree');
  if (truncated) notes.push('the tree listing was cut at the entry cap');
  if (submodules.length > 0) notes.push(`submodules were not fetched: ${submodules.slice(0, 10).join(', ')}`);
  return { files: writer.entries, bytes: writer.totalBytes, notes, submodules };
}
