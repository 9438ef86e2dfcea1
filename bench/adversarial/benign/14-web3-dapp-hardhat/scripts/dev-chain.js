// Starts a local Hardhat node and deploys the faucet to it.
const { spawn } = require('child_process');

const node = spawn('npx', ['hardhat', 'node'], { stdio: 'inherit', shell: process.platform === 'win32' });
setTimeout(() => {
  spawn('npx', ['hardhat', 'run', 'scripts/deploy.js', '--network', 'localhost'], { stdio: 'inherit', shell: process.platform === 'win32' });
}, 4000);
process.on('SIGINT', () => node.kill('SIGINT'));
