export default {
  singleQuote: true,
  plugins: ['./tools/prettier-sort-imports.mjs'],
};
