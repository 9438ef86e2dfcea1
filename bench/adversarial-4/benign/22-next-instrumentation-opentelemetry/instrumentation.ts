import { registerOTel } from '@vercel/otel';

export function register() {
  registerOTel({
    serviceName: 'b2b-portal',
    attributes: { 'deployment.environment': process.env.NODE_ENV ?? 'development' },
  });
}
