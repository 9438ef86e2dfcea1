export const client = (base: string) => ({ get: (p: string) => fetch(base + p) });
