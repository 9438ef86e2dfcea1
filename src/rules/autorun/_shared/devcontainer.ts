/**
 * Dev container configurations (`.devcontainer/devcontainer.json`, `.devcontainer.json`,
 * `.devcontainer/<name>/devcontainer.json`), read once per scan, with their lifecycle commands in
 * all three forms: a string (run by a shell), an array (run directly) and an object (several
 * commands run in parallel).
 */
import { defineFact } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { dirName } from '../../../fs/path.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import type { JsoncDocument } from '../../../lang/jsonc.ts';
import { filesWhere, loadJsonc } from './jsonc-file.ts';

export const LIFECYCLE_KEYS = [
  'initializeCommand',
  'onCreateCommand',
  'updateContentCommand',
  'postCreateCommand',
  'postStartCommand',
  'postAttachCommand',
] as const;
export type LifecycleKey = (typeof LIFECYCLE_KEYS)[number];

export interface DevcontainerCommand {
  key: LifecycleKey;
  /** The name of a command in the object form. */
  name?: string;
  command: string;
  line: number;
}

export interface Devcontainer {
  file: string;
  /** The folder opened in the container (the one holding `.devcontainer`). */
  folder: string;
  doc: JsoncDocument;
  config: Record<string, unknown>;
  commands: DevcontainerCommand[];
}

const FILE = /(?:^|\/)(?:\.devcontainer\/(?:[^/]+\/)?devcontainer\.json|\.devcontainer\.json)$/;

export function isDevcontainerFile(path: string): boolean {
  return FILE.test(path);
}

/** The folder a devcontainer.json configures. */
function folderOf(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('.devcontainer');
  return at >= 0 ? parts.slice(0, at).join('/') : dirName(path);
}

function commandText(v: unknown): string | undefined {
  const s = asString(v);
  if (s !== undefined) return s;
  const arr = asArray(v);
  if (!arr) return undefined;
  return arr
    .map(asString)
    .filter((x): x is string => x !== undefined)
    .map(x => (/[\s"'$`\\|&;<>()]/.test(x) ? `'${x.replace(/'/g, `'\\''`)}'` : x))
    .join(' ');
}

const devcontainersFact = defineFact('devcontainer:configs', (ctx): Devcontainer[] => {
  const out: Devcontainer[] = [];
  for (const file of filesWhere(ctx, isDevcontainerFile)) {
    const doc = loadJsonc(ctx, file);
    const config = asObject(doc?.value);
    if (!doc || !config) continue;
    const commands: DevcontainerCommand[] = [];
    for (const key of LIFECYCLE_KEYS) {
      const raw = config[key];
      const direct = commandText(raw);
      if (direct !== undefined) {
        commands.push({ key, command: direct, line: doc.positionOf([key]).line });
        continue;
      }
      for (const [name, v] of Object.entries(asObject(raw) ?? {})) {
        const text = commandText(v);
        if (text !== undefined) commands.push({ key, name, command: text, line: doc.positionOf([key, name]).line });
      }
    }
    out.push({ file, folder: folderOf(file), doc, config, commands });
  }
  return out;
});

export function loadDevcontainers(ctx: RuleContext): Devcontainer[] {
  return ctx.facts.get(devcontainersFact);
}
