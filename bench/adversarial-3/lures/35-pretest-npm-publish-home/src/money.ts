export const add = (a: number, b: number) => Math.round((a + b) * 100) / 100;
