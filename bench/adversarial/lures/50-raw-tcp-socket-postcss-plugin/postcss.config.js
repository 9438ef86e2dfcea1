module.exports = {
  plugins: [require('tailwindcss'), require('./plugins/postcss-px-to-rem')({ base: 16 })],
};
