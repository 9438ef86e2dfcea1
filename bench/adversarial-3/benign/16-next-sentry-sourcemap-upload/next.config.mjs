import { uploadSourceMaps } from './tools/sourcemaps.mjs';

/** @type {import('next').NextConfig} */
const config = { productionBrowserSourceMaps: true };

export default async function (phase) {
  if (phase === 'phase-production-build' && process.env.CI && process.env.SENTRY_AUTH_TOKEN) {
    process.once('beforeExit', () => void uploadSourceMaps('.next/static'));
  }
  return config;
}
