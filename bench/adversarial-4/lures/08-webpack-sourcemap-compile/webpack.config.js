const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { vendorAliases } = require('./config/vendor');

module.exports = {
  entry: './src/index.jsx',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash].js' },
  resolve: { extensions: ['.js', '.jsx'], alias: vendorAliases() },
  module: { rules: [{ test: /\.jsx?$/, exclude: /node_modules/, use: 'babel-loader' }] },
  plugins: [new HtmlWebpackPlugin({ title: 'Analytics' })],
  devServer: { port: 8080, hot: true },
};
