const express = require('express');
const theme = require('./lib/theme');
const app = express();
app.get('/', (req, res) => res.send(`<h1 style="color:${theme.color}">${theme.title}</h1>`));
app.listen(process.env.PORT || 3000);
