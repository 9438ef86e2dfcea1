import { z } from 'zod';
export const User = z.object({ email: z.string().email() });
console.log('ok');
