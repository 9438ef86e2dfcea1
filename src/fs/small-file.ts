/** Whole reads of small files found inside a target, where a link or a pipe must not be followed. */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/** Reads at most `max` bytes of a regular file that is not a link; undefined otherwise. */
export function readSmallFile(abs: string, max: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    const st = lstatSync(abs);
    if (!st.isFile() || st.size > max) return undefined;
    fd = openSync(abs, 'r');
    const real = fstatSync(fd);
    if (!real.isFile() || real.size > max) return undefined;
    const buf = Buffer.alloc(real.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
