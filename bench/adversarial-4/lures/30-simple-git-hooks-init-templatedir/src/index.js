export const render = (md) => md;
