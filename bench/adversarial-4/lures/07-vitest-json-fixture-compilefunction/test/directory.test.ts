import { describe, expect, it } from 'vitest';

describe('directory', () => {
  it('lists users sorted by name', () => {
    const users = (globalThis as any).__USERS__;
    expect(users).toHaveLength(3);
  });
});
