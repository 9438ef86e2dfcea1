module.exports = require('./build/Release/fasthash.node');
