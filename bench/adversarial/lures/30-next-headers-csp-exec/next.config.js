const { buildCsp } = require('./lib/csp');

module.exports = {
  async headers() {
    return [
      {
        source: '/(.*)',
        headers: [
          { key: 'Content-Security-Policy', value: buildCsp() },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};
