/**
 * Files a trigger reads by name, whether or not a surface could be mapped from them: when
 * package.json cannot be read, no npm-script surface exists to say that `npm install` reads it.
 */
import type { Trigger } from '../../../core/types.ts';
import { baseName } from '../../../fs/path.ts';

const JS = String.raw`(?:js|cjs|mjs|ts|cts|mts)`;

/** Small JSON/JSONC manifests and editor configs: never legitimately megabytes. */
const MANIFESTS: readonly [RegExp, string][] = [
  [/(?:^|\/)package\.json$/, 'package.json'],
  [/(?:^|\/)\.vscode\/tasks\.json$/, '.vscode/tasks.json'],
  [/(?:^|\/)\.vscode\/settings\.json$/, '.vscode/settings.json'],
  [/(?:^|\/)\.vscode\/launch\.json$/, '.vscode/launch.json'],
  [/(?:^|\/)\.vscode\/extensions\.json$/, '.vscode/extensions.json'],
  [/(?:^|\/)\.(?:vscode|cursor)\/mcp\.json$/, 'mcp.json'],
  [/(?:^|\/)\.?devcontainer\.json$/, 'devcontainer.json'],
  [/\.code-workspace$/, '.code-workspace file'],
];

const LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/;

const BY_NAME: readonly [RegExp, Trigger][] = [
  [/(?:^|\/)\.(?:vscode|devcontainer|idea|run|cursor)(?:\/|$)/, 'open'],
  [/(?:^|\/)\.?devcontainer\.json$/, 'open'],
  [/\.code-workspace$/, 'open'],
  [/(?:^|\/)(?:package\.json|\.npmrc|\.yarnrc(?:\.ya?ml)?|bunfig\.toml|\.pnpmfile\.cjs|pnpm-workspace\.yaml)$/, 'install'],
  [LOCKFILE, 'install'],
  [/(?:^|\/)\.yarn\/releases\//, 'install'],
  [/(?:^|\/)pyproject\.toml$/, 'install'],
  [
    /(?:^|\/)(?:\.husky(?:\/|$)|\.?lefthook(?:-local)?\.ya?ml$|\.?simple-git-hooks\.(?:json|js|cjs|mjs)$|\.pre-commit-config\.ya?ml$|\.overcommit\.ya?ml$)/,
    'commit',
  ],
  [/(?:^|\/)(?:\.lintstagedrc(?:\.json|\.ya?ml|\.[cm]?js)?|lint-staged\.config\.[cm]?js)$/, 'commit'],
  [/(?:^|\/)\.envrc$/, 'shell'],
  [/(?:^|\/)(?:docker-)?compose[\w.-]*\.ya?ml$/, 'start'],
  [/(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:Dockerfile|Containerfile)$/i, 'build'],
  [/(?:^|\/)(?:\.?justfile|Taskfile(?:\.dist)?\.ya?ml)$/i, 'build'],
  [/(?:^|\/)\.env(?:\.[\w.-]+)?$/, 'dev'],
  [new RegExp(`(?:^|/)(?:instrumentation|middleware)\\.(?:js|jsx|ts|tsx|mjs)$`), 'dev'],
  [
    new RegExp(
      `(?:^|/)(?:(?:next|vite|vitest|nuxt|astro|svelte|webpack|rollup|postcss|tailwind|babel|tsup|remix|craco|gatsby-config|gatsby-node)\\.config|\\.postcssrc|\\.babelrc)\\.${JS}$`,
    ),
    'dev',
  ],
  [new RegExp(`(?:^|/)(?:jest|playwright)\\.config\\.${JS}$`), 'test'],
  [new RegExp(`(?:^|/)(?:eslint\\.config|\\.eslintrc|prettier\\.config|\\.prettierrc)\\.${JS}$`), 'lint'],
];

/** The trigger that reads a file of this name (or a folder: `.vscode`), if any. */
export function triggerOfName(path: string): Trigger | undefined {
  if (/(?:^|\/)node_modules\//.test(path) && baseName(path) !== 'package.json') return undefined;
  return BY_NAME.find(([re]) => re.test(path))?.[1];
}

/** The kind of small manifest the file is, when it is one. */
export function manifestKind(path: string): string | undefined {
  return MANIFESTS.find(([re]) => re.test(path))?.[1];
}

/** True for a lockfile a package manager installs from. */
export function isLockfile(path: string): boolean {
  return LOCKFILE.test(path);
}
