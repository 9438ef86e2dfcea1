import { init } from './wasm/filters.js';

const canvas = document.querySelector('canvas');
const ctx = canvas.getContext('2d');
const { invert } = await init();

document.querySelector('#invert').addEventListener('click', () => {
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < img.data.length; i += 4) {
    img.data[i] = invert(img.data[i]);
    img.data[i + 1] = invert(img.data[i + 1]);
    img.data[i + 2] = invert(img.data[i + 2]);
  }
  ctx.putImageData(img, 0, 0);
});
