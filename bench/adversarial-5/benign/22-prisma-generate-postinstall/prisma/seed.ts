import { PrismaClient } from '@prisma/client';
import products from './products.json';

const prisma = new PrismaClient();
async function main(): Promise<void> {
  for (const p of products) await prisma.product.upsert({ where: { name: p.name }, update: {}, create: p });
}
main().finally(() => prisma.$disconnect());
