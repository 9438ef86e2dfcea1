/**
 * YAML config files (.yarnrc.yml, pnpm-workspace.yaml) read once per scan: the plain value
 * (duplicate keys: last wins), whether a strict reader (js-yaml, which Yarn and pnpm use, rejects
 * duplicate keys) would refuse the file, and the line of each top-level key.
 */
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { readYamlDocument } from '../../../lang/yaml.ts';
import { gapKindOf } from '../../../lang/read-result.ts';

export interface YamlFile {
  path: string;
  dir: string;
  value: unknown;
  /** Line (1-based) of each top-level key, last occurrence. */
  lines: Map<string, number>;
  /** Why a strict YAML reader would refuse the file. */
  rejected?: string;
}

const yamlFile = defineFactFamily('yaml', (ctx, path: string): YamlFile | undefined => {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const lenient = readYamlDocument(text);
  if (!lenient.ok) {
    ctx.error(`could not read YAML: ${lenient.error.message}`, path, gapKindOf(lenient.error));
    return undefined;
  }
  const file: YamlFile = { path, dir, value: lenient.value.value, lines: lenient.value.topLevelKeyLines };
  const strict = readYamlDocument(text, { uniqueKeys: true });
  const rejected = strict.ok ? strict.value.error : strict.error;
  if (rejected) file.rejected = rejected.message.replace(/^not valid YAML \((.*)\)$/, '$1');
  return file;
});

export function loadYaml(ctx: RuleContext, path: string): YamlFile | undefined {
  return ctx.facts.get(yamlFile, path);
}

export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
