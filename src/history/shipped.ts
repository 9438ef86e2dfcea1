/**
 * A shipped `.git/` (from an archive, or a folder someone handed over) read as data: its hooks
 * and the hook-related keys of its config. Git reads the config with `--file --no-includes`
 * (a parser, no repository, nothing run); hook files are read directly, never executed.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { defineFact } from '../core/rule.ts';
import { absFromRel, joinAbs, joinRel } from '../fs/path.ts';
import { runGit, splitNul } from './git.ts';
import { readSmallFile } from '../fs/small-file.ts';

/** Hooks git runs, by name (githooks(5)). */
export const HOOK_NAMES = new Set([
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-receive',
  'update',
  'proc-receive',
  'post-receive',
  'post-update',
  'reference-transaction',
  'push-to-checkout',
  'pre-auto-gc',
  'post-rewrite',
  'sendemail-validate',
  'fsmonitor-watchman',
  'p4-changelist',
  'p4-prepare-changelist',
  'p4-post-changelist',
  'p4-pre-submit',
  'post-index-change',
]);

/**
 * SHA-256 of the stock `.sample` hooks that `git init` writes (git 2.39 as packaged by Debian 12);
 * the local git's own templates are added at run time.
 */
const STOCK_SAMPLE_SHA256 = new Set([
  '0223497a0b8b033aa58a3a521b8629869386cf7ab0e2f101963d328aa62193f7',
  '1f74d5e9292979b573ebd59741d46cb93ff391acdd083d340b94370753d92437',
  'e0549964e93897b519bd8e333c037e51fff0f88ba13e086a331592bf801fa1d0',
  '81765af2daef323061dcbc5e61fc16481cb74b3bac9ad8a174b186523586f6c5',
  'e15c5b469ea3e0a695bea6f2c82bcf8e62821074939ddd85b77e0007ff165475',
  'f9af7d95eb1231ecf2eba9770fedfa8d4797a12b02d7240e98d568201251244a',
  'd3825a70337940ebbd0a5c072984e13245920cdf8898bd225c8d27a6dfc9cb53',
  'ecce9c7e04d3f5dd9d8ada81753dd1d549a9634b26770042b58dda00217d086a',
  '4febce867790052338076f4e66cc47efb14879d18097d1d61c8261859eaaa7b3',
  'a4c3d2b9c7bb3fd8d1441c31bd4ee71a595d66b44fcf49ddb310252320169989',
  'e9ddcaa4189fddd25ed97fc8c789eca7b6ca16390b2392ae3276f0c8e1aa4619',
  'a53d0741798b287c6dd7afa64aee473f305e65d3f49463bb9d7408ec3b12bf5f',
  '8d5f2fa83e103cf08b57eaa67521df9194f45cbdbcb37da52ad586097a14d106',
]);

const LOCAL_TEMPLATE_DIRS = [
  '/usr/share/git-core/templates/hooks',
  '/usr/local/share/git-core/templates/hooks',
  '/opt/homebrew/share/git-core/templates/hooks',
];
const MAX_HOOK_BYTES = 8 * 1024 * 1024;
/** Words every stock sample carries; a sample from another git version keeps them. */
const STOCK_WORDING = /To enable this hook, rename this file to|is an example hook|An example hook script/;

let localStock: Set<string> | undefined;

function stockHashes(): Set<string> {
  if (localStock) return localStock;
  const all = new Set(STOCK_SAMPLE_SHA256);
  for (const dir of LOCAL_TEMPLATE_DIRS) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const body = readSmallFile(joinAbs(dir, n), MAX_HOOK_BYTES);
      if (body) all.add(sha256(body));
    }
  }
  localStock = all;
  return all;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export interface ShippedHook {
  /** Root-relative path, e.g. ".git/hooks/pre-commit". */
  path: string;
  /** The hook name git knows it by (without .sample). */
  name: string;
  size: number;
  executable: boolean;
  sample: boolean;
  /** For .sample files: byte-identical to a known stock sample. */
  stock: boolean;
  /** For .sample files that differ: still worded like a stock sample (another git version). */
  stockLike: boolean;
  sha256?: string;
  /** First meaningful command line, for messages. */
  firstCommand?: string;
  /** The script's first 64 KiB, for analysis (never run). */
  text?: string;
  /** Whether git would run it (right name, not a sample, executable or unknown). */
  active: boolean;
}

export interface ShippedGitDir {
  hooks: ShippedHook[];
  /** `core.hooksPath` from the shipped config, as written. */
  hooksPath?: string;
  /** The hooks folder that path names, root-relative, when it is inside the target. */
  hooksPathRel?: string;
  /** Other config keys that make git run commands (fsmonitor, sshCommand, filters...). */
  commandKeys: { key: string; value: string }[];
  /** `remote.origin.url`, where the repository says it came from. */
  originUrl?: string;
}

const COMMAND_KEY =
  /^(?:core\.(?:fsmonitor|sshcommand|pager|editor|askpass|gitproxy)|diff\..+\.(?:command|textconv)|diff\.external|merge\..+\.driver|filter\..+\.(?:clean|smudge|process)|uploadpack\.packobjectshook|sequence\.editor|credential\.helper|alias\..+|gpg\.program|gpg\..+\.program|remote\..+\.(?:uploadpack|receivepack)|url\..+\.insteadof|include\.path|includeif\..+\.path)$/;

function firstCommand(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return line.slice(0, 300);
  }
  return undefined;
}

function readHook(root: string, rel: string, name: string): ShippedHook | undefined {
  const abs = absFromRel(root, rel);
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const sample = name.endsWith('.sample');
  const hookName = sample ? name.slice(0, -'.sample'.length) : name;
  const body = readSmallFile(abs, MAX_HOOK_BYTES);
  const hash = body ? sha256(body) : undefined;
  const text = body?.toString('utf8') ?? '';
  const stock = sample && hash !== undefined && stockHashes().has(hash);
  const executable = (st.mode & 0o111) !== 0;
  const hook: ShippedHook = {
    path: rel,
    name: hookName,
    size: st.size,
    executable,
    sample,
    stock,
    stockLike: sample && !stock && st.size < 16 * 1024 && STOCK_WORDING.test(text),
    active: !sample && HOOK_NAMES.has(hookName),
  };
  if (hash !== undefined) hook.sha256 = hash;
  const cmd = firstCommand(text);
  if (cmd !== undefined) hook.firstCommand = cmd;
  if (text !== '') hook.text = text.slice(0, 64 * 1024);
  return hook;
}

function hooksIn(root: string, relDir: string): ShippedHook[] {
  let names: string[];
  try {
    if (!lstatSync(absFromRel(root, relDir)).isDirectory()) return [];
    names = readdirSync(absFromRel(root, relDir)).sort();
  } catch {
    return [];
  }
  const out: ShippedHook[] = [];
  for (const n of names.slice(0, 500)) {
    const hook = readHook(root, `${relDir}/${n}`, n);
    if (hook) out.push(hook);
  }
  return out;
}

/** Reads `<root>/.git` hooks and config as data; undefined when there is no `.git` directory. */
/** The target's shipped `.git/`, read once per scan (undefined when it has none). */
export const shippedGit = defineFact('shipped-git-dir', ctx => readShippedGitDir(ctx.root));

export async function readShippedGitDir(root: string): Promise<ShippedGitDir | undefined> {
  const gitAbs = absFromRel(root, '.git');
  try {
    if (!lstatSync(gitAbs).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const result: ShippedGitDir = { hooks: hooksIn(root, '.git/hooks'), commandKeys: [] };
  const configAbs = joinAbs(gitAbs, 'config');
  if (existsSync(configAbs) && readSmallFile(configAbs, 1024 * 1024)) {
    const r = await runGit(['config', '--file', configAbs, '--no-includes', '--list', '-z'], {
      cwd: tmpdir(),
      env: { GIT_DIR: '/nonexistent/airlock' },
      okCodes: [1, 3, 128],
      maxOutputBytes: 4 * 1024 * 1024,
    });
    for (const rec of splitNul(r.stdout)) {
      const nl = rec.indexOf('\n');
      const key = (nl < 0 ? rec : rec.slice(0, nl)).toLowerCase();
      const value = nl < 0 ? '' : rec.slice(nl + 1);
      if (key === 'core.hookspath') {
        result.hooksPath = value;
      } else if (key === 'remote.origin.url') {
        result.originUrl = value.slice(0, 500);
      } else if (COMMAND_KEY.test(key)) {
        result.commandKeys.push({ key, value: value.slice(0, 300) });
      }
    }
  }
  if (result.hooksPath !== undefined && result.hooksPath !== '') {
    const p = result.hooksPath.replace(/^\.\//, '').replace(/\/+$/, '');
    const rel = p.startsWith('/') || p.startsWith('~') ? undefined : joinRel('', p);
    if (rel !== undefined && rel !== '') {
      result.hooksPathRel = rel;
      if (rel === '.git' || rel.startsWith('.git/')) {
        for (const h of hooksIn(root, rel)) if (!result.hooks.some(x => x.path === h.path)) result.hooks.push(h);
      }
    }
  }
  return result;
}
