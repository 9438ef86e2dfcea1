const router = require('express').Router();
router.get('/', (_req, res) => res.json([]));
module.exports = router;
