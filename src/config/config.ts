/**
 * User configuration (`airlock.json`, JSONC): rule severity overrides, path ignores, and whether
 * inline `airlock-ignore` comments are honoured. Never loaded from inside a scanned repository
 * unless the user names that file with --config: an attacker could ship one.
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { didYouMean } from '../core/suggest.ts';
import { SEVERITIES } from '../core/types.ts';
import { joinAbs } from '../fs/path.ts';
import type { Env } from '../core/defaults.ts';
import type { AirlockConfig, RuleSetting } from '../core/config.ts';
import { readJsonc } from '../lang/jsonc.ts';

const MAX_CONFIG_BYTES = 1024 * 1024;

export function parseConfig(text: string, source: string): AirlockConfig {
  const doc = readJsonc(text);
  if (doc.tooDeep) throw new InputError('CONFIG_PARSE', `${source}: nested too deeply to be a configuration`);
  const first = doc.errors[0];
  if (first) throw new InputError('CONFIG_PARSE', `${source}: ${first.message} at line ${first.line}, column ${first.column}`);
  const raw = doc.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('CONFIG_SHAPE', `${source}: the configuration must be a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const known = new Set(['$schema', 'rules', 'ignore', 'allowInlineSuppressions']);
  for (const key of Object.keys(obj)) {
    if (!known.has(key))
      throw new InputError(
        'CONFIG_KEY',
        `${source}: unknown key ${JSON.stringify(key.slice(0, 60))}${didYouMean(key, [...known], s => `"${s}"`)} (known: rules, ignore, allowInlineSuppressions)`,
      );
  }
  const config: AirlockConfig = { source, rules: {}, ignore: [], allowInlineSuppressions: false };
  const rules = obj['rules'];
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
      throw new InputError('CONFIG_SHAPE', `${source}: "rules" must be an object`);
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      if (value !== 'off' && !(SEVERITIES as readonly unknown[]).includes(value)) {
        throw new InputError('CONFIG_VALUE', `${source}: rules["${id}"] must be "off" or one of ${SEVERITIES.join(', ')}`);
      }
      config.rules[id] = value as RuleSetting;
    }
  }
  const ignore = obj['ignore'];
  if (ignore !== undefined) {
    if (!Array.isArray(ignore) || !ignore.every((g): g is string => typeof g === 'string')) {
      throw new InputError('CONFIG_SHAPE', `${source}: "ignore" must be an array of glob strings`);
    }
    config.ignore = ignore;
  }
  const inline = obj['allowInlineSuppressions'];
  if (inline !== undefined) {
    if (typeof inline !== 'boolean') throw new InputError('CONFIG_SHAPE', `${source}: "allowInlineSuppressions" must be true or false`);
    config.allowInlineSuppressions = inline;
  }
  return config;
}

export function loadConfigFile(path: string): AirlockConfig {
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError('CONFIG_READ', `${path}: not a file`);
    if (st.size > MAX_CONFIG_BYTES) throw new InputError('CONFIG_READ', `${path}: larger than 1 MiB`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as { code?: string }).code;
    throw new InputError('CONFIG_READ', `cannot read config ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseConfig(text, path);
}

/** The user-level config: $AIRLOCK_CONFIG, else <config dir>/airlock/config.json when it exists. */
export function userConfigPath(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env['AIRLOCK_CONFIG']) return env['AIRLOCK_CONFIG'];
  const home = env['HOME'] ?? env['USERPROFILE'];
  if (!home) return undefined;
  if (platform === 'win32') return joinAbs(env['APPDATA'] ?? joinAbs(home, 'AppData', 'Roaming'), 'airlock', 'config.json');
  if (platform === 'darwin') return joinAbs(home, 'Library', 'Application Support', 'airlock', 'config.json');
  return joinAbs(env['XDG_CONFIG_HOME'] ?? joinAbs(home, '.config'), 'airlock', 'config.json');
}
