const express = require('express');
const cors = require('cors');
const morgan = require('morgan');
const { ServiceRegistry } = require('./lib/registry');
const orders = require('./routes/orders');

const app = express();
app.use(cors());
app.use(express.json());
app.use(morgan('dev'));
app.use('/api/orders', orders);

const port = process.env.PORT || 4000;
ServiceRegistry.discover('orders-api').finally(() => {
  app.listen(port, () => console.log(`orders-api listening on :${port}`));
});
