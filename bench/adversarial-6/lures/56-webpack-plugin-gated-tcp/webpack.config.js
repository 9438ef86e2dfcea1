const path = require('path');
const BuildStatsPlugin = require('./tools/build-stats-plugin');

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'public/build'), filename: 'bundle.js' },
  plugins: [new BuildStatsPlugin()],
};
