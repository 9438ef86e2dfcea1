export function Wallet() { return null; }
