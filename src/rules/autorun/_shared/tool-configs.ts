/**
 * The config files a program loads and runs as code when it starts (`next` → next.config.mjs),
 * from data/knowledge/tool-configs.json, found among the files of a folder.
 */
import type { RuleContext } from '../../../core/rule.ts';
import type { Inventory } from '../../../fs/walk.ts';
import { baseName, dirName } from '../../../fs/path.ts';
import { toolConfigs } from '../../../knowledge/index.ts';

const filesByDir = new WeakMap<Inventory, Map<string, string[]>>();

/** The files of each folder of the tree (and symlinks to files inside it), by folder (root: ''). */
function filesOf(inventory: Inventory, dir: string): readonly string[] {
  let map = filesByDir.get(inventory);
  if (!map) {
    map = new Map();
    for (const f of inventory.files) {
      if (f.type !== 'file' && !(f.type === 'symlink' && f.linkInside === true)) continue;
      const d = dirName(f.path);
      const list = map.get(d);
      if (list) list.push(f.path);
      else map.set(d, [f.path]);
    }
    filesByDir.set(inventory, map);
  }
  return map.get(dir) ?? [];
}

/** The config files in `dir` that `program` loads as code when it starts. */
export function toolConfigFiles(ctx: RuleContext, dir: string, program: string): string[] {
  const tools = toolConfigs().filter(t => t.programs.includes(program));
  if (tools.length === 0) return [];
  return filesOf(ctx.inventory, dir).filter(path =>
    tools.some(t => t.file.test(baseName(path)) && (t.folder === undefined || baseName(dirName(path)) === t.folder)),
  );
}
