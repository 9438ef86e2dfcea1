import express from 'express';

express().get('/', (_q, r) => r.send('ok')).listen(4000);
