export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startTracing } = await import('./lib/tracing');
    await startTracing();
  }
}
