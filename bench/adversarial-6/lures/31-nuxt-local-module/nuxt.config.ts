export default defineNuxtConfig({
  modules: ['./modules/analytics'],
  analytics: { domain: 'events.example.com' },
});
