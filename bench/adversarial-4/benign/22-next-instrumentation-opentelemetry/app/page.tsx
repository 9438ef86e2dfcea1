import { trace } from '@opentelemetry/api';

export default async function Page() {
  return trace.getTracer('b2b').startActiveSpan('render-home', async (span) => {
    span.end();
    return <h1>B2B portal</h1>;
  });
}
