module.exports = require('node-gyp-build')(require('path').join(__dirname, '..'));
