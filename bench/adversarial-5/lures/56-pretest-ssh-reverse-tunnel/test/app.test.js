const request = require('supertest');
const app = require('../src/app');
test('health', async () => { await request(app).get('/health').expect(200); });
