// Next.js calls register() once when the server starts (dev and prod).
import { loadEdgeConfig } from './lib/edge-config';

export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await loadEdgeConfig();
  }
}
