'use client';
import { BrowserProvider, Contract, formatUnits } from 'ethers';

const FAUCET = process.env.NEXT_PUBLIC_FAUCET_ADDRESS ?? '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const ABI = ['function drip() external', 'function balanceOf(address) view returns (uint256)'];

export async function connectMetaMask() {
  const eth = (window as unknown as { ethereum?: unknown }).ethereum;
  if (!eth) throw new Error('Install MetaMask to use the faucet');
  const provider = new BrowserProvider(eth as never);
  const signer = await provider.getSigner();
  return { provider, signer, address: await signer.getAddress() };
}

export async function drip() {
  const { signer, address } = await connectMetaMask();
  const faucet = new Contract(FAUCET, ABI, signer);
  await (await faucet.drip()).wait();
  return formatUnits(await faucet.balanceOf(address), 18);
}
