const router = require('express').Router();
router.post('/', (req, res) => res.status(501).json({ todo: 'double opt-in' }));
module.exports = router;
