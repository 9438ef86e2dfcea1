export const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
