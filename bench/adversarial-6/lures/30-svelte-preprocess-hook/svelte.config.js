import adapter from '@sveltejs/adapter-auto';
import { markdown } from './src/lib/preprocess/markdown.js';

export default {
  preprocess: [markdown()],
  kit: { adapter: adapter() },
};
