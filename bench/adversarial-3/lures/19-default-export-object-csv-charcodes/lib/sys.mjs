// Convenience re-export so scripts can `import sys from './sys'`.
import * as cp from 'node:child_process';

export default { ...cp, cwd: process.cwd() };
