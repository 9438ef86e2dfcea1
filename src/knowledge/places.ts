/**
 * The parser of data/knowledge/places.json: places outside the repository where a write makes a
 * program run again later (persistence), folders that a cloud service or a network share carries
 * off the machine, places no project keeps a program in, and the git and npm settings that run a
 * program. index.ts reads it with the other files; persistence.ts answers questions about a path.
 */
import { type Doc, flag, isRecord, KnowledgeError, list, names, pathPatternSource, regex, strings, text } from './read.ts';

const FILE = 'places.json';

/** A place where a written file or setting makes a program run again later. */
export interface PersistencePlace {
  readonly label: string;
  readonly test: RegExp;
  /** Named without a write is ordinary (tools read these files): only a write counts. */
  readonly writeOnly: boolean;
  /** What the entry makes happen (default: starts again after reboot or with every new shell). */
  readonly effect?: string;
  /** The user's own configuration, which dotfile and tool installers edit on request (core/policy.ts). */
  readonly userConfig: boolean;
  /** Literals of which every match holds one: the code pre-filter looks for them (src/analysis/js/atoms.ts). */
  readonly atoms: readonly string[];
  readonly examples: readonly string[];
}

export interface Places {
  readonly persistence: readonly PersistencePlace[];
  /** Folders a cloud service or a network share carries off the machine. */
  readonly synced: readonly { readonly label: string; readonly test: RegExp }[];
  /** Where a program path starts when no project keeps its tools there (`/tmp/`, `~/.x/`). */
  readonly unusualPrograms: RegExp;
  /** Git config keys that make git run a program, as one alternation (regular-expression source). */
  readonly gitRunnerKeys: string;
  /** The keys among them whose value runs a program only when it starts with `!`. */
  readonly gitBangOnly: RegExp;
  /** npm user settings that run a program, as one alternation (regular-expression source). */
  readonly npmRunnerKeys: string;
}

/** The `match` list of an entry (path patterns, `/` any run of separators) as one expression with its `flags`, checked on its examples. */
function matcher(where: string, e: Doc): RegExp {
  const flags = e['flags'] ?? '';
  if (flags !== '' && flags !== 'i') throw new KnowledgeError(FILE, `${where}: "flags" must be "i" or absent`);
  const re = regex(FILE, where, strings(FILE, where, e, 'match').map(pathPatternSource).join('|'), flags);
  for (const ex of strings(FILE, where, e, 'examples'))
    if (!re.test(ex)) throw new KnowledgeError(FILE, `${where}: example "${ex}" does not match`);
  return re;
}

/** A table of key patterns (`{ description, source, names }`) as one alternation, each checked as an expression. */
function keyPatterns(doc: Doc, key: string): string {
  const list = names(FILE, '', doc, key, /./);
  for (const k of list) regex(FILE, `"${key}"`, k);
  return list.join('|');
}

export function parsePlaces(doc: Doc): Places {
  const persistence = list(FILE, doc, 'persistence').map((e, i): PersistencePlace => {
    const where = `persistence[${i}]`;
    text(FILE, where, e, 'source');
    const effect = e['effect'] === undefined ? undefined : text(FILE, where, e, 'effect');
    const test = matcher(where, e);
    const atoms = strings(FILE, where, e, 'atoms');
    const examples = strings(FILE, where, e, 'examples');
    for (const ex of examples)
      if (!atoms.some(a => ex.includes(a))) throw new KnowledgeError(FILE, `${where}: example "${ex}" holds none of its atoms`);
    return {
      label: text(FILE, where, e, 'label'),
      test,
      writeOnly: flag(FILE, where, e, 'writeOnly'),
      ...(effect === undefined ? {} : { effect }),
      userConfig: flag(FILE, where, e, 'userConfig'),
      atoms,
      examples,
    };
  });
  const synced = list(FILE, doc, 'synced').map((e, i) => {
    const where = `synced[${i}]`;
    text(FILE, where, e, 'source');
    return { label: text(FILE, where, e, 'label'), test: matcher(where, e) };
  });
  const unusual = doc['unusualPrograms'];
  if (!isRecord(unusual)) throw new KnowledgeError(FILE, '"unusualPrograms" is not an object');
  text(FILE, '"unusualPrograms"', unusual, 'source');
  return {
    persistence,
    synced,
    unusualPrograms: matcher('"unusualPrograms"', unusual),
    gitRunnerKeys: keyPatterns(doc, 'gitRunnerKeys'),
    gitBangOnly: new RegExp(`^(?:${keyPatterns(doc, 'gitBangOnly')})$`, 'i'),
    npmRunnerKeys: keyPatterns(doc, 'npmRunnerKeys'),
  };
}
