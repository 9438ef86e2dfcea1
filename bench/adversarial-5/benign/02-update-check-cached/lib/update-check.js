const fs = require('fs'), path = require('path'), os = require('os');
const semver = require('semver');
const file = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'deploy-cli', 'update-check.json');
async function check(current) {
  if (process.env.CI || process.env.NO_UPDATE_NOTIFIER) return;
  let cache = {};
  try { cache = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
  if (cache.at && Date.now() - cache.at < 864e5) return notify(current, cache.latest);
  try {
    const res = await fetch('https://registry.example.com/deploy-cli/latest', { signal: AbortSignal.timeout(2000) });
    const { version } = await res.json();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ at: Date.now(), latest: version }));
    notify(current, version);
  } catch {}
}
function notify(current, latest) { if (latest && semver.gt(latest, current)) console.error(`Update available ${current} -> ${latest}`); }
module.exports = { check };
