import { useEffect, useState } from 'react';

type Announced = { info: { uuid: string; name: string; rdns: string; icon: string }; provider: unknown };

export function useWallets() {
  const [found, setFound] = useState<Announced[]>([]);
  useEffect(() => {
    const onAnnounce = (e: Event) => setFound((prev) => [...prev, (e as CustomEvent<Announced>).detail]);
    window.addEventListener('eip6963:announceProvider', onAnnounce);
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    return () => window.removeEventListener('eip6963:announceProvider', onAnnounce);
  }, []);
  return found;
}
