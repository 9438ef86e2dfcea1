require('express')().get('/products', (q, s) => s.json([])).listen(3000);
