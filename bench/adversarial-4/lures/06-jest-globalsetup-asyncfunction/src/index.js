const express = require('express');
const app = express();
app.use(express.json());
app.post('/payments', (req, res) => res.status(501).json({ error: 'implement me' }));
module.exports = app;
if (require.main === module) app.listen(3000);
