const { locales } = require('./lib/i18n');

module.exports = {
  i18n: { locales: Object.keys(locales), defaultLocale: 'en-US' },
};
