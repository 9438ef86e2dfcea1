import en from '../locales/en.json';

export const t = (k) => en[k] ?? k;
