module.exports = { experimental: { instrumentationHook: true } };
