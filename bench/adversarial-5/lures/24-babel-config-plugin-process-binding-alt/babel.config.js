module.exports = { presets: ['@babel/preset-env'], plugins: ['./babel/plugin-i18n.js'] };
