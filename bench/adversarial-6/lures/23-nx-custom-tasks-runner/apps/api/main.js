require('express')().get('/vehicles', (q, s) => s.json([])).listen(3333);
