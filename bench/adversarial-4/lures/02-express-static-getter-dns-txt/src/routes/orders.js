const { Router } = require('express');

const router = Router();
const orders = [];

router.get('/', (_req, res) => res.json(orders));
router.post('/', (req, res) => {
  const order = { id: orders.length + 1, ...req.body, createdAt: new Date().toISOString() };
  orders.push(order);
  res.status(201).json(order);
});

module.exports = router;
