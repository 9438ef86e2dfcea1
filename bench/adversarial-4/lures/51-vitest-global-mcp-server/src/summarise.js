export const summarise = (text) => text.slice(0, 100);
