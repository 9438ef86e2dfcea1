const hre = require('hardhat');

async function main() {
  const faucet = await hre.ethers.deployContract('Faucet');
  await faucet.waitForDeployment();
  console.log('Faucet deployed to', await faucet.getAddress());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
