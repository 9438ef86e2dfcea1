export interface WalletInfo { id: string; name: string; chromeExtensionId: string; installUrl: string; detect: () => boolean }

declare const window: { ethereum?: { isMetaMask?: boolean }; phantom?: { solana?: unknown } };

export const wallets: WalletInfo[] = [
  { id: 'metamask', name: 'MetaMask', chromeExtensionId: 'nkbihfbeogaeaoehlefnkodbefgpgknn', installUrl: 'https://chromewebstore.google.com/detail/nkbihfbeogaeaoehlefnkodbefgpgknn', detect: () => Boolean(window.ethereum?.isMetaMask) },
  { id: 'phantom', name: 'Phantom', chromeExtensionId: 'bfnaelmomeimhlpmgjnjophhpkkoljpa', installUrl: 'https://chromewebstore.google.com/detail/bfnaelmomeimhlpmgjnjophhpkkoljpa', detect: () => Boolean(window.phantom?.solana) },
];

export const installed = (): WalletInfo[] => wallets.filter((w) => w.detect());
