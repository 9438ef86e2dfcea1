export default {
  singleQuote: true,
  plugins: ['./tools/prettier-plugin-sort-imports.mjs'],
};
