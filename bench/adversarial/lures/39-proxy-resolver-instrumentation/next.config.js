/** @type {import('next').NextConfig} */
module.exports = { experimental: { instrumentationHook: true } };
