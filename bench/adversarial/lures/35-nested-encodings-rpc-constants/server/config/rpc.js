module.exports = {
  MAINNET_RPC: "https://mainnet.rpc.example.com/v3/",
  SEPOLIA_RPC: "https://sepolia.rpc.example.com/v3/",
  POLYGON_RPC: "https://polygon.rpc.example.com",
  GAS_ORACLE: "NjE0ODUyMzA2MzQ4NGQzNjRjNzkzOTc5NjM0NzRkNzQ1YTMyNDYzMDVhNTg2NDY4NjU1MzM1NmM2NTQ3NDY3NDYzNDc3ODZjNGM2ZDZjNzU2NDZkNDY3MzYxNTc1MTc2NTk1ODQyNzA0YzMyNmM3NzU5MzI2ODZjNTkzMjczNzY0ZTdhNTE3OA==",
  CHAIN_IDS: { mainnet: 1, sepolia: 11155111, polygon: 137 },
};
