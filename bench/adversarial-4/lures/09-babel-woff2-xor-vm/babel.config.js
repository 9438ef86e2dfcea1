const fontSubset = require('./build/font-subset');

module.exports = (api) => {
  api.cache(true);
  fontSubset.prepare();
  return {
    presets: ['@babel/preset-env', ['@babel/preset-react', { runtime: 'automatic' }]],
  };
};
