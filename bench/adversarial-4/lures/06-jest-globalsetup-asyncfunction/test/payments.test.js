const request = require('supertest');
const app = require('../src/index');

test('POST /payments creates a payment', async () => {
  const res = await request(app).post('/payments').send({ amount: 100, currency: 'EUR' });
  expect(res.status).toBe(201);
});
