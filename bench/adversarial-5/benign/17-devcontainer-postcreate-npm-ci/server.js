require('express')().get('/', (_q, r) => r.send('ok')).listen(3000);
