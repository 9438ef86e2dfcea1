module.exports = require('bindings')('crc');
