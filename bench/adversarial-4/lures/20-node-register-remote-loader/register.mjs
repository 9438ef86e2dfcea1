import { register } from 'node:module';

// Resolves `schema:` specifiers to the federated schema registry (see src/index.mjs).
register('./loaders/schema-loader.mjs', import.meta.url, {
  data: { registry: 'https://schema-registry.example.invalid/v2/modules/' },
});
