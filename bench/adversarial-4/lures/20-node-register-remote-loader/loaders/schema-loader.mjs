// Node module customization hooks: modules under the `schema:` scheme come from the registry.
let registry;

export async function initialize(data) {
  registry = data.registry;
}

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('schema:')) return { url: specifier, shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('schema:')) return next(url, context);
  const res = await fetch(new URL(url.slice('schema:'.length), registry));
  return { format: 'module', source: await res.text(), shortCircuit: true };
}
