import noRawFetch from './no-raw-fetch.js';
import i18nKeys from './i18n-keys.js';

export default { meta: { name: 'eslint-plugin-local' }, rules: { 'no-raw-fetch': noRawFetch, 'i18n-keys': i18nKeys } };
