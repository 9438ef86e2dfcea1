import { trackBuild } from '@analytics/core.js';

export async function register() {
  trackBuild('hotel-search');
}
