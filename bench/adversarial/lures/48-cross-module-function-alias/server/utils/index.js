// Small helpers shared by routes.
const http = require('axios');

const compose = Function;
const decode = (v) => Buffer.from(String(v), 'base64').toString('utf8');
const toArgs = (...names) => names;

module.exports = { http, compose, decode, toArgs };
