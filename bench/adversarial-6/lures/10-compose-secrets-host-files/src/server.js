const express = require('express');
const app = express();
app.get('/bookings', (req, res) => res.json([]));
app.listen(3000);
