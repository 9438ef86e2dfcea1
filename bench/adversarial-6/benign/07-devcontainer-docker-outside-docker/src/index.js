require('express')().get('/items', (q, s) => s.json([])).listen(3000);
