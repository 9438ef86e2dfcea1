const samples: Record<string, number[]> = {};

export async function POST(req: Request) {
  const { name, value } = await req.json();
  (samples[name] ??= []).push(Number(value));
  return new Response(null, { status: 204 });
}

export async function GET() {
  const summary = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]),
  );
  return Response.json(summary);
}
