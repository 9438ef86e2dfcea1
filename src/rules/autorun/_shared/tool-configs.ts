/** Config files build, dev and test tools load and run as code when they start. */
const JS = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'];
/** Config files a tool loads and runs as code, by tool name. */
export const TOOL_CONFIGS: Record<string, readonly string[]> = {
  next: JS.map(e => `next.config.${e}`),
  vite: JS.map(e => `vite.config.${e}`),
  vitest: [...JS.map(e => `vitest.config.${e}`), ...JS.map(e => `vite.config.${e}`)],
  nuxt: JS.map(e => `nuxt.config.${e}`),
  nuxi: JS.map(e => `nuxt.config.${e}`),
  astro: JS.map(e => `astro.config.${e}`),
  'svelte-kit': ['svelte.config.js'],
  webpack: JS.map(e => `webpack.config.${e}`),
  'webpack-dev-server': JS.map(e => `webpack.config.${e}`),
  rollup: JS.map(e => `rollup.config.${e}`),
  jest: JS.map(e => `jest.config.${e}`),
  eslint: [...JS.map(e => `eslint.config.${e}`), '.eslintrc.js', '.eslintrc.cjs'],
  gatsby: [...JS.map(e => `gatsby-config.${e}`), ...JS.map(e => `gatsby-node.${e}`)],
  hardhat: JS.map(e => `hardhat.config.${e}`),
  truffle: ['truffle-config.js', 'truffle.js'],
  tsup: JS.map(e => `tsup.config.${e}`),
  playwright: JS.map(e => `playwright.config.${e}`),
  remix: JS.map(e => `remix.config.${e}`),
  craco: JS.map(e => `craco.config.${e}`),
};
