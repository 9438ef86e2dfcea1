export const t = (k) => k;
