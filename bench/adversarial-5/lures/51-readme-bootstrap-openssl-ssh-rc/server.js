const app = require('express')();
app.get('/', (_q, r) => r.send('chat'));
app.listen(3000);
