/**
 * The parsers of the smaller knowledge files: the tools that load a config file as code
 * (tool-configs.json), the commands that print a credential (secret-commands.json), the string
 * literals the code facts keep (notable-strings.json) and the template files each language's code
 * compiles (template-files.json). index.ts reads them with the other files.
 */
import { TRIGGERS, type Trigger } from '../core/types.ts';
import { type Doc, isRecord, KnowledgeError, list, names, onlyKeys, regex, strings, text } from './read.ts';

/** A tool that loads a config file of the repository and runs it as code. */
export interface ToolConfig {
  readonly tool: string;
  /** Matches the config file's name (`next.config.mjs`). */
  readonly file: RegExp;
  /** The folder the file must sit in (`.storybook`), when the name alone is too common. */
  readonly folder?: string;
  /** Command names that start the tool. */
  readonly programs: readonly string[];
  /** When the tool runs without a command of the repository naming it; empty: only when a command does. */
  readonly triggers: readonly Trigger[];
  /** The tool reads further files of the repository from its config. */
  readonly setup?: SetupKind;
}

export type SetupKind = 'jest' | 'vitest' | 'playwright' | 'cypress' | 'storybook';
const SETUP_KINDS: readonly string[] = ['jest', 'vitest', 'playwright', 'cypress', 'storybook'] satisfies SetupKind[];

/** `{js}` in a config name: any JavaScript or TypeScript extension. */
const JS_EXT = '(?:js|cjs|mjs|ts|cts|mts)';

export function parseToolConfigs(doc: Doc): ToolConfig[] {
  const file = 'tool-configs.json';
  return list(file, doc, 'tools').map((e, i): ToolConfig => {
    const where = `tools[${i}]`;
    text(file, where, e, 'source');
    const files = strings(file, where, e, 'files').map(f => f.replaceAll('{js}', JS_EXT));
    const programs = e['programs'] === undefined ? [] : strings(file, where, e, 'programs');
    const triggers = e['triggers'] === undefined ? [] : strings(file, where, e, 'triggers');
    for (const t of triggers)
      if (!(TRIGGERS as readonly string[]).includes(t)) throw new KnowledgeError(file, `${where}: "${t}" is not a trigger`);
    const setup = e['setup'];
    if (setup !== undefined && (typeof setup !== 'string' || !SETUP_KINDS.includes(setup)))
      throw new KnowledgeError(file, `${where}: "setup" must be one of ${SETUP_KINDS.join(', ')}`);
    if (programs.length === 0 && triggers.length === 0) throw new KnowledgeError(file, `${where} needs "programs" or "triggers"`);
    const folder = e['folder'] === undefined ? undefined : text(file, where, e, 'folder');
    return {
      tool: text(file, where, e, 'tool'),
      file: regex(file, where, `^(?:${files.join('|')})$`),
      ...(folder === undefined ? {} : { folder }),
      programs,
      triggers: triggers as Trigger[],
      ...(setup === undefined ? {} : { setup: setup as SetupKind }),
    };
  });
}

/** One expression matching any command line of secret-commands.json, each entry checked on its examples. */
export function parseSecretCommands(doc: Doc): RegExp {
  const file = 'secret-commands.json';
  const patterns = list(file, doc, 'commands').map((e, i) => {
    const where = `commands[${i}]`;
    text(file, where, e, 'source');
    const pattern = text(file, where, e, 'pattern');
    const re = regex(file, where, pattern);
    for (const ex of strings(file, where, e, 'examples'))
      if (!re.test(ex)) throw new KnowledgeError(file, `${where}: example "${ex}" does not match`);
    return pattern;
  });
  return new RegExp(patterns.join('|'));
}

/** The patterns of notable-strings.json, every group's, in the file's order. */
export function parseNotableStrings(doc: Doc): readonly string[] {
  const file = 'notable-strings.json';
  return list(file, doc, 'groups').flatMap((e, i) => {
    const where = `groups[${i}]`;
    text(file, where, e, 'name');
    text(file, where, e, 'source');
    const patterns = strings(file, where, e, 'patterns');
    for (const p of patterns) regex(file, where, p);
    return patterns;
  });
}

export interface TemplateFiles {
  /** A path whose extension names a template or markup file JavaScript code compiles. */
  readonly javascript: RegExp;
  /** A path whose extension names a template, text or config file Python code reads as data. */
  readonly python: RegExp;
}

export function parseTemplateFiles(doc: Doc): TemplateFiles {
  const file = 'template-files.json';
  onlyKeys(file, '', doc, ['javascript', 'python']);
  const ext = (key: string): RegExp => {
    if (!isRecord(doc[key])) throw new KnowledgeError(file, `"${key}" is not a table`);
    return new RegExp(`\\.(?:${names(file, '', doc, key, /^[a-z0-9]+$/).join('|')})$`, 'i');
  };
  return { javascript: ext('javascript'), python: ext('python') };
}
