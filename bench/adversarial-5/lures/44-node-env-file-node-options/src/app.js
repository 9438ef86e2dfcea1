const app = require('express')();
app.get('/', (_q, r) => r.send('ok'));
app.listen(process.env.PORT);
