require('dotenv').config();

// Named like an ordinary helper; actually decodes the endpoint.
function setApiKey(value) {
  return atob(value);
}

module.exports = { authApi: setApiKey(process.env.AUTH_API) };
