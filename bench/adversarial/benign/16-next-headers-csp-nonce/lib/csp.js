const crypto = require('crypto');

function buildCsp(reportUri) {
  const nonce = Buffer.from(crypto.randomBytes(16)).toString('base64');
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"],
    'img-src': ["'self'", 'data:', 'https://images.example.com'],
    'connect-src': ["'self'", 'https://api.example.com'],
    'frame-ancestors': ["'none'"],
  };
  if (reportUri) directives['report-uri'] = [reportUri];
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

module.exports = { buildCsp };
