require('dotenv').config();
const ngrok = require('@ngrok/ngrok');

(async () => {
  const listener = await ngrok.forward({ addr: 4242, authtoken_from_env: true });
  console.log(`Paste this into the Stripe dashboard: ${listener.url()}/webhooks/stripe`);
})();
