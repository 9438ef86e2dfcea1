import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
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

export default defineRule({
  meta: {
    id: 'code/dynamic-code',
    severity: 'medium',
    confidence: 'medium',
    description:
      'Code runs strings as code (JavaScript `eval`, `Function`, `vm`, string timers; Python `exec`, `eval`, `compile`, `marshal`/`pickle` loads) with input that is not a constant.',
    triggers: ['dev', 'build', 'start', 'test'],
    escalate: true,
    since: '0.1.0',
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
        // WebAssembly can do only what the imports its glue passes allow, and that glue is read
        // here like any code: bytes from an unknown source are inventory, not a risky capability.
        // A computed `require`/`import()` loads a file or package that is on disk, where the rules
        // read it (a `data:` specifier is remote-code-execution's): inventory too.
        // Other sinks fed by no source at all (a parameter, a template) are a capability, `low`
        // where nothing runs them (vendored libraries, benchmarks, unreached tests) and `medium`
        // once a trigger reaches them; code taken from the environment is `medium` anywhere.
        let severity: Severity =
          s.kind === 'wasm' || s.kind === 'module-load' ? 'info' : fromEnv || s.kind === 'stdin-code' ? 'medium' : 'low';
        if (facts.inNodeModules && severity !== 'info') severity = 'low';
        if (facts.mode === 'text' && severity !== 'info') severity = facts.inNodeModules ? 'info' : 'low';
        const label =
          s.inlineCode === true
            ? `passes a string of code to \`${s.value?.split(/\s/).slice(0, 2).join(' ') ?? ''}\` with`
            : facts.language === 'python' && s.kind === 'module-compile'
              ? 'turns data into code with'
              : LABEL[s.kind];
        const what = `${fromEnv ? 'Code taken from an environment variable: this file ' : 'This file '}${label ?? 'runs code with'} \`${s.callee}\``;
        const related = relatedOf(s.taint, s.loc);
        ctx.report({
          message: withReach(what, ctx.reachingSurfaces(facts.path), facts.path, s.loc.line),
          location: s.loc,
          severity,
          ...(s.value !== undefined ? { evidence: truncate(s.value) } : {}),
          ...(related.length > 0 ? { related } : {}),
        });
      }
    }
  },
});
