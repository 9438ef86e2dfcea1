/**
 * What a web framework runs on the server, and when: the model each framework file below builds
 * from a project's dependencies and file layout (never from folder names alone).
 */

import type { ParsedJs } from '../../lang/js/parse.ts';

/** The user action that makes a server file run. */
export type ServerTrigger = 'dev' | 'page-load' | 'build' | 'start';

export interface ServerEntry {
  /** "Next.js", "Remix", "SvelteKit"... */
  framework: string;
  /** The app's root folder (where its package.json is), root-relative; "" for the repository root. */
  root: string;
  /** The file the framework loads, root-relative. */
  file: string;
  trigger: ServerTrigger;
  /** What the file is to the framework: "route handler", "server component", "loader"... */
  role: string;
  /** The line of the export that runs (generateStaticParams, loader), when one is named. */
  line?: number;
  /** The URL path that runs it, for files a request reaches. */
  route?: string;
  /**
   * A server route's request: its HTTP method (`GET`, `ALL`, or `USE` for middleware that runs on
   * every request under `route`), with `line`..`endLine` the handler's code in `file`.
   */
  method?: string;
  endLine?: number;
  /** For a route: the trigger that starts its server (the route runs when requested after it). */
  server?: ServerTrigger;
}

/** The project as the models see it: its own files (not installed packages) and their text. */
export interface ProjectView {
  /** Root-relative paths of regular files outside node_modules. */
  readonly files: readonly string[];
  /** Whether a root-relative path is a regular file of the project. */
  isFile(path: string): boolean;
  /** The file's text, or undefined when it is not a readable text file. */
  text(path: string): string | undefined;
  /** Told where a model stopped at one of its bounds (the map is incomplete there). */
  gap?(file: string, message: string): void;
  /** The scan's one parse of a JavaScript file (a model that reads an AST asks here first). */
  parse?(path: string, text: string): ParsedJs;
}

/** One app root and the dependencies its package.json declares. */
export interface AppRoot {
  dir: string;
  deps: ReadonlySet<string>;
  /** package.json `main`, when it is a string. */
  main?: string;
  /** Script name → command. */
  scripts: ReadonlyMap<string, string>;
}

export type FrameworkModel = (project: ProjectView, app: AppRoot) => ServerEntry[];
