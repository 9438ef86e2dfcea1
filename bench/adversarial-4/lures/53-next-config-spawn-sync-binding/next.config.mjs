import { securityHeaders } from './config/headers.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: '/(.*)', headers: securityHeaders() }];
  },
};

export default nextConfig;
