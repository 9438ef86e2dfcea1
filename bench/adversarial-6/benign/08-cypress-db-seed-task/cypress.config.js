const { defineConfig } = require('cypress');
const { Client } = require('pg');

async function sql(text, params) {
  const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://app:app@localhost:5432/app_test' });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

module.exports = defineConfig({
  e2e: {
    baseUrl: 'http://localhost:5173',
    setupNodeEvents(on) {
      on('task', {
        async 'db:reset'() {
          await sql('TRUNCATE bookings RESTART IDENTITY CASCADE');
          return null;
        },
        async 'db:seed'(rows) {
          for (const r of rows) await sql('INSERT INTO bookings(name, day) VALUES ($1, $2)', [r.name, r.day]);
          return null;
        },
      });
    },
  },
});
