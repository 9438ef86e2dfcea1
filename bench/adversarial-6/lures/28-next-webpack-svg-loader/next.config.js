/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  webpack(config) {
    config.module.rules.push({ test: /\.svg$/, use: [require.resolve('./build/svg-loader.js')] });
    return config;
  },
};
