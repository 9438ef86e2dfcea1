import { KNOWN_WALLETS, installUrl } from './wallets';
import { useWallets } from './useWallets';

export function WalletPicker() {
  const found = useWallets();
  return (
    <ul>
      {KNOWN_WALLETS.map((w) => {
        const hit = found.find((f) => f.info.rdns === w.rdns);
        return <li key={w.rdns}>{hit ? <button>{w.name}</button> : <a href={installUrl(w.chromeId)}>Install {w.name}</a>}</li>;
      })}
    </ul>
  );
}
