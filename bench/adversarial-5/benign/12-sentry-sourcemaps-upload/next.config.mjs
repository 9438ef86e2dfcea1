import { withSentryConfig } from '@sentry/nextjs';

/** @type {import('next').NextConfig} */
const nextConfig = { reactStrictMode: true };

export default withSentryConfig(nextConfig, {
  org: 'acme',
  project: 'web',
  sentryUrl: 'https://sentry.example.com/',
  authToken: process.env.SENTRY_AUTH_TOKEN,
  silent: !process.env.CI,
  widenClientFileUpload: true,
});
