import test from 'node:test';
import assert from 'node:assert';
import { tokenBucket } from '../index.js';
test('burst', () => { const t = tokenBucket(1, 2); assert.ok(t()); assert.ok(t()); assert.ok(!t()); });
