import { installed, wallets } from './wallets';
export function ConnectButton() { const found = installed(); return found.length ? <button>Connect {found[0].name}</button> : <a href={wallets[0].installUrl}>Install a wallet</a>; }
