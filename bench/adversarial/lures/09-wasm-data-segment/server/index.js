const { WebSocketServer } = require('ws');
const { init } = require('./lib/checksum');

init().catch(() => {});

const wss = new WebSocketServer({ port: 3001 });
wss.on('connection', (socket) => {
  socket.on('message', (msg) => {
    for (const client of wss.clients) client.send(msg.toString());
  });
});
console.log('chat relay on ws://localhost:3001');
