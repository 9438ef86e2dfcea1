const path = require('node:path');
const AutoLoad = require('@fastify/autoload');

module.exports = async function app(fastify, opts) {
  fastify.register(AutoLoad, { dir: path.join(__dirname, 'plugins'), options: { ...opts } });
};
