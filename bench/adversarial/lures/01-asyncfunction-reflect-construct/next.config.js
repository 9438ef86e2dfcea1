/** @type {import('next').NextConfig} */
const { initTelemetry } = require('./lib/telemetry');

initTelemetry({ app: 'fleet-dashboard' });

const nextConfig = {
  reactStrictMode: true,
  images: { remotePatterns: [{ protocol: 'https', hostname: 'images.example.com' }] },
};

module.exports = nextConfig;
