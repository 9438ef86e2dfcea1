'use client';
import { useState } from 'react';
import { combine } from '../../lib/phash';

export default function HashPage() {
  const [out, setOut] = useState<number | null>(null);
  return (
    <main>
      <button onClick={async () => setOut(await combine(2, 3))}>Hash</button>
      {out !== null && <p>{out}</p>}
    </main>
  );
}
