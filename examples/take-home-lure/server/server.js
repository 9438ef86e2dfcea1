const express = require('express');
const authRouter = require('./routes/auth');

const app = express();
app.use(express.json());
app.use('/api/auth', authRouter);

app.listen(process.env.PORT || 3000, () => {
  console.log('server listening');
});
