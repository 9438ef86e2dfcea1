// Layers of DESIGN.md §9, lowest first. A module may import its own layer and the layers below:
//   0 core, fs, lang, config, knowledge   (the contract, the file walk, parsers, loading airlock.json, detection data)
//   1 facts                    (the fact store: each provider computed once per scan)
//   2 analysis, deps, history, ioc, acquire, workstation   (the providers: facts about the target or the machine)
//   3 rules
//   4 engine, sandbox          (running rules over a target, or a target in the sandbox)
//   5 reporters, batch, guard
//   6 cli                      (and src/index.ts, the library entry)
// Checked in CI with `npm run deps:check`, together with no import cycles.
const layer = folders => `^src/(${folders.join('|')})/`;
const L0 = ['core', 'fs', 'lang', 'config', 'knowledge'];
const LF = ['facts'];
const L1 = ['analysis', 'deps', 'history', 'ioc', 'acquire', 'workstation'];
const L2 = ['rules'];
const L3 = ['engine', 'sandbox'];
const L4 = ['reporters', 'batch', 'guard'];
const L5 = ['cli'];
const above = (...layers) => layers.flat();

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make the layering meaningless.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    { name: 'layer-0-imports-downward', severity: 'error', from: { path: layer(L0) }, to: { path: layer(above(LF, L1, L2, L3, L4, L5)) } },
    {
      name: 'fact-store-imports-downward',
      severity: 'error',
      comment: 'The store knows no provider.',
      from: { path: layer(LF) },
      to: { path: layer(above(L1, L2, L3, L4, L5)) },
    },
    { name: 'facts-import-downward', severity: 'error', from: { path: layer(L1) }, to: { path: layer(above(L2, L3, L4, L5)) } },
    {
      name: 'rules-import-downward',
      severity: 'error',
      comment: 'Rules reach the engine through their context, never by import.',
      from: { path: layer(L2) },
      to: { path: layer(above(L3, L4, L5)) },
    },
    { name: 'runners-import-downward', severity: 'error', from: { path: layer(L3) }, to: { path: layer(above(L4, L5)) } },
    { name: 'output-imports-downward', severity: 'error', from: { path: layer(L4) }, to: { path: layer(L5) } },
    { name: 'library-entry-not-cli', severity: 'error', from: { path: '^src/index\\.ts$' }, to: { path: layer(L5) } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/fixtures/|/testdata/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
