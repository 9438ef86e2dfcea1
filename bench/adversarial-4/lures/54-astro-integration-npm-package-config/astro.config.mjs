import { defineConfig } from 'astro/config';
import ogImages from './integrations/og-images.mjs';

export default defineConfig({ integrations: [ogImages()] });
