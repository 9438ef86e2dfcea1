// Feature flags, fetched once at startup and refreshed every minute. Falls back to defaults.
const DEFAULTS = { newCheckout: false, applePay: false, maxCartItems: 50 };

let flags = { ...DEFAULTS };

async function refresh() {
  if (!process.env.FLAGS_URL) return;
  try {
    const res = await fetch(process.env.FLAGS_URL, {
      headers: { authorization: `Bearer ${process.env.FLAGS_SDK_KEY ?? ''}` },
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return;
    const body = await res.json();
    flags = { ...DEFAULTS, ...Object.fromEntries(body.flags.map((f) => [f.key, f.value])) };
  } catch (e) {
    console.warn('flags: using last known values', e.message);
  }
}

module.exports.start = async () => {
  await refresh();
  setInterval(refresh, 60_000).unref();
};
module.exports.isOn = (key) => Boolean(flags[key]);
module.exports.value = (key) => flags[key];
