export default { reactStrictMode: true, experimental: { instrumentationHook: true } };
