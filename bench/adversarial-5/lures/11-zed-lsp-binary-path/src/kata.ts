export function solve(input: string): number { return input.length; }
