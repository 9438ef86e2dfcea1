import { defineRule } from '../../../core/rule.ts';
import { dynamicCodeSeverity } from '../../../core/policy.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { foreignCodeCause, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind } from '../../../analysis/js/types.ts';
import type { SinkFact } from '../../../analysis/js/types.ts';

/** A relative specifier that names a data file, not code. */
const DATA_FILE = /^\.{1,2}\/[^:]*\.(?:json|txt|ya?ml|csv)$/;
const KINDS = new Set<SinkFact['kind']>(['eval', 'function', 'vm', 'module-compile', 'timer', 'wasm', 'module-load', 'stdin-code']);

const LABEL: Record<string, string> = {
  eval: 'runs a string as code with',
  function: 'builds a function from a string with',
  vm: 'runs a string as code with',
  'module-compile': 'compiles a string as a module with',
  timer: 'passes a string of code to',
  wasm: 'instantiates WebAssembly bytes with',
  'module-load': 'loads a module whose name is computed at run time with',
  'stdin-code': 'feeds code to a program reading it on stdin (`node -`, a shell) through',
};

const HOLE = '${…}';
/** Where a filled-in part names something: after `function `/`class `, inside an identifier, or in a function's parameter list. */
const NAME_POSITION = /(?:\b(?:function|class)\s+|[\w$]|\bfunction\s*[\w$]*\s*\((?:[\w$]+\s*,\s*)*)$/;

/**
 * Code the file writes itself, with only names filled in: `return function ${name}() {…}` (how
 * generated WebAssembly bindings give their wrappers readable names). The written part must be
 * real code (at least a few words), and every unknown part must sit where a name goes; a hole
 * after `return `, `=`, `(`, `{` or at the start is an expression, and the string stays code.
 */
function namesOnly(value: string): boolean {
  const parts = value.split(HOLE);
  if (parts.length < 2 || parts.join('').trim().length < 24 || parts[0] === '') return false;
  let before = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) {
    if (!NAME_POSITION.test(before)) return false;
    const next = parts[i] ?? '';
    // Adjacent holes fill the same place (`rawFunction${sep}${args}`).
    if (next !== '') before = next;
  }
  return true;
}

export default defineRule({
  meta: {
    id: 'code/dynamic-code',
    severity: 'medium',
    confidence: 'medium',
    description:
      'Code runs strings as code (JavaScript `eval`, `Function`, `vm`, string timers; Python `exec`, `eval`, `compile`, `marshal`/`pickle` loads) with input that is not a constant.',
    triggers: ['dev', 'build', 'start', 'test'],
    since: '0.1.0',
    atoms: ['code-loaders', 'decoders'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      for (const s of facts.sinks) {
        if ((!KINDS.has(s.kind) && s.inlineCode !== true) || s.constant) continue;
        // Chains with a network, blockchain, file or decoded source belong to code/remote-code-execution.
        if (foreignCodeCause(s, facts.inNodeModules)) continue;
        // WebAssembly glue embeds its module as base64: decoding it is how the bytes are shipped.
        if (s.kind === 'wasm' && (s.decoded || hasKind(s.taint, 'decoded'))) continue;
        // `import(\`./locales/${lang}.json\`)`: one of the repository's own data files, chosen at run time.
        if (s.kind === 'module-load' && s.pathSpecifier === true && DATA_FILE.test(s.value ?? '')) continue;
        const fromEnv = hasKind(s.taint, 'env', 'envdump');
        const reach = ctx.reachingSurfaces(facts.path);
        const template = !fromEnv && s.value !== undefined && namesOnly(s.value);
        const severity = dynamicCodeSeverity({
          kind:
            s.kind === 'wasm'
              ? 'wasm'
              : s.kind === 'module-load'
                ? 'module'
                : s.kind === 'stdin-code'
                  ? 'stdin'
                  : template && s.inlineCode !== true
                    ? 'template'
                    : 'code',
          fromEnv,
          installed: facts.inNodeModules,
          textOnly: facts.mode === 'text',
          reachedBy: [...new Set(reach.map(r => r.trigger))],
        });
        const label =
          s.inlineCode === true
            ? `passes a string of code to \`${s.value?.split(/\s/).slice(0, 2).join(' ') ?? ''}\` with`
            : facts.language === 'python' && s.kind === 'module-compile'
              ? 'turns data into code with'
              : LABEL[s.kind];
        const what = `${fromEnv ? 'Code taken from an environment variable: this file ' : 'This file '}${label ?? 'runs code with'} \`${s.callee}\``;
        const related = relatedOf(s.taint, s.loc);
        ctx.report({
          message: withReach(what, reach, facts.path, s.loc.line),
          location: s.loc,
          severity,
          ...(s.value !== undefined ? { evidence: truncate(s.value) } : {}),
          ...(related.length > 0 ? { related } : {}),
        });
      }
    }
  },
});
