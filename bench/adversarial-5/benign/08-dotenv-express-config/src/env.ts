import 'dotenv/config';
import { z } from 'zod';

export const env = z
  .object({ DATABASE_URL: z.string().url(), JWT_SECRET: z.string().min(8), PORT: z.coerce.number().default(3000) })
  .parse(process.env);
