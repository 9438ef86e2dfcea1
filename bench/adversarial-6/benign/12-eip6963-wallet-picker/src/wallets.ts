export const KNOWN_WALLETS = [
  { name: 'MetaMask', rdns: 'io.metamask', chromeId: 'nkbihfbeogaeaoehlefnkodbefgpgknn' },
  { name: 'Phantom', rdns: 'app.phantom', chromeId: 'bfnaelmomeimhlpmgjnjophhpkkoljpa' },
  { name: 'Coinbase Wallet', rdns: 'com.coinbase.wallet', chromeId: 'hnfanknocfeofbddgcijnmhnfnkdnaad' },
  { name: 'Rabby', rdns: 'io.rabby', chromeId: 'acmacodkjbdgmoleebolmdjonilkdbch' },
];

export const installUrl = (id: string) => `https://chromewebstore.google.com/detail/${id}`;
