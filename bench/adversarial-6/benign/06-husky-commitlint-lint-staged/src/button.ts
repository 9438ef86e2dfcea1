export const button = (label: string) => `<button>${label}</button>`;
