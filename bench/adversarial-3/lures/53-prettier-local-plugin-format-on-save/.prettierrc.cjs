module.exports = {
  singleQuote: true,
  printWidth: 100,
  plugins: [require.resolve('./tools/prettier/tailwind-order.cjs')],
};
