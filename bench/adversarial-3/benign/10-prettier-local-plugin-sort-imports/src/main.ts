import { b } from './b';
import { a } from './a';

console.log(a, b);
