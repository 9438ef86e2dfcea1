module.exports = {
  plugins: {
    autoprefixer: {},
    './build/postcss-inline-og.js': { image: 'public/og-image.png' },
  },
};
