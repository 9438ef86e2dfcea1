import { defineConfig } from 'astro/config';
import sitemapLite from './integrations/sitemap-lite';

export default defineConfig({ site: 'https://blog.example.com', integrations: [sitemapLite()] });
