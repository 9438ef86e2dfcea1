import { startMemoryMongo, stopMemoryMongo } from './helpers/mongo-memory.cjs';

export async function setup() {
  process.env.MONGO_URL = await startMemoryMongo();
}

export async function teardown() {
  await stopMemoryMongo();
}
