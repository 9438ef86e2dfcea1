module.exports = { plugins: [require('./plugins/postcss-license.cjs')()] };
