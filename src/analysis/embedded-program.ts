/**
 * A program written inside another file and handed to an interpreter: a justfile recipe with a
 * `#!/usr/bin/env python3` or `node` line, a README's `python3 - <<'EOF' … EOF`. The text is run
 * through the same analysis as a `.js` or `.py` file (one parse, dataflow from sources to sinks),
 * and the result says, in the runner rules' tiers, whether it runs downloaded or decoded code.
 * Line numbers are those of the file it is written in: the caller places each line of the program
 * at its own line.
 */
import { errorMessage } from '../core/errors.ts';
import { defineFactFamily } from '../core/rule.ts';
import { loadPythonParser, parsePython, pythonParserLoaded } from '../lang/python/parse.ts';
import { analyzeText } from './js/analyze-file.ts';
import { foreignCodeCause } from './js/report.ts';
import type { CodeFacts } from './js/types.ts';
import { analysePython } from './py/flow.ts';

export type ProgramLang = 'js' | 'py';

/** The language an interpreter line (`/usr/bin/env python3`, `node`, `python3 -c`) runs, when the analysis reads it. */
export function programLangOf(interpreter: string): ProgramLang | undefined {
  const words = interpreter
    .trim()
    .split(/\s+/)
    .filter(w => !/^-/.test(w));
  const prog = (words[0]?.endsWith('/env') ? words[1] : words[0])?.split('/').pop() ?? '';
  if (/^python(?:\d+(?:\.\d+)?)?$|^pypy3?$|^uv$/.test(prog)) return 'py';
  if (/^(?:node|nodejs|bun|deno|tsx|ts-node)$/.test(prog)) return 'js';
  return undefined;
}

export interface ProgramVerdict {
  /** decisive: runs downloaded or decoded code; hidden: builds code at run time; none: neither. */
  tier: 'decisive' | 'hidden' | 'none';
  why: string;
  /** Line (in the host file) of the sink behind the tier. */
  line?: number;
  /** Shell commands the program runs (constant ones), for the shell analysis. */
  commands: { command: string; line?: number }[];
  /** The analysis failed: the caller records a gap. */
  error?: string;
}

const CODE_SINKS = new Set(['eval', 'function', 'vm', 'module-compile', 'timer', 'stdin-code']);

/** Whether the Python parser must be loaded (asynchronously) before `judgeProgram` can read Python. */
export function needsPythonParser(lang: ProgramLang): boolean {
  return lang === 'py' && !pythonParserLoaded();
}

export function preparePrograms(): Promise<void> {
  return loadPythonParser();
}

function factsOf(path: string, lang: ProgramLang, code: string): CodeFacts {
  if (lang === 'py') return analysePython({ path, parse: parsePython(code), env: new Map() });
  return analyzeText({ path, text: code, lang: 'js', inNodeModules: false, env: [] }, () => undefined);
}

function verdictOf(facts: CodeFacts): ProgramVerdict {
  const out: ProgramVerdict = { tier: 'none', why: '', commands: [] };
  const python = facts.language === 'python';
  for (const s of facts.sinks) {
    // A command whose text is known: written as is, or decoded from a constant (`os.system(b64decode('…'))`).
    if ((s.kind === 'shell' || s.kind === 'spawn') && s.value !== undefined && (s.taint === undefined || s.constant))
      out.commands.push({ command: s.value, ...(s.loc.line !== undefined ? { line: s.loc.line } : {}) });
    const cause = foreignCodeCause(s, false);
    if (cause !== undefined && out.tier !== 'decisive') {
      out.tier = 'decisive';
      out.why =
        cause === 'remote'
          ? CODE_SINKS.has(s.kind) || s.inlineCode === true
            ? `downloads code and runs it with \`${s.callee}\``
            : `runs a command it downloads with \`${s.callee}\``
          : cause === 'file'
            ? `reads a data file and runs it as code with \`${s.callee}\``
            : `decodes hidden text and runs it with \`${s.callee}\``;
      if (s.loc.line !== undefined) out.line = s.loc.line;
    } else if (out.tier === 'none' && CODE_SINKS.has(s.kind) && s.value === undefined) {
      out.tier = 'hidden';
      out.why = `runs code it builds at run time with \`${s.callee}\` (${python ? 'Python' : 'JavaScript'})`;
      if (s.loc.line !== undefined) out.line = s.loc.line;
    }
  }
  return out;
}

/**
 * What a program does, computed once per scan for each text. Python needs `preparePrograms()` to
 * have resolved first; without the parser it is `none` (the caller prepares before judging).
 */
export const programVerdict = defineFactFamily(
  'embedded-program',
  (_ctx, key: { path: string; lang: ProgramLang; code: string }): ProgramVerdict => {
    if (needsPythonParser(key.lang)) return { tier: 'none', why: '', commands: [] };
    try {
      return verdictOf(factsOf(key.path, key.lang, key.code));
    } catch (err) {
      return { tier: 'none', why: '', commands: [], error: errorMessage(err) };
    }
  },
  key => `${key.lang}\u0000${key.path}\u0000${key.code}`,
);

/**
 * Program text with each line at its own line number: lines before the first are blank, and the
 * common indentation is removed (Python cares about it, and just strips it too).
 */
export function placeLines(lines: readonly { line: number; text: string }[]): string {
  const first = lines[0];
  if (!first) return '';
  let indent = Infinity;
  for (const l of lines) if (l.text.trim() !== '') indent = Math.min(indent, /^[ \t]*/.exec(l.text)?.[0].length ?? 0);
  const out: string[] = Array.from({ length: first.line - 1 }, () => '');
  for (const l of lines) {
    while (out.length < l.line - 1) out.push('');
    out.push(l.text.slice(Number.isFinite(indent) ? indent : 0));
  }
  return out.join('\n');
}
