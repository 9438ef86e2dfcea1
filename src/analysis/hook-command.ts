/**
 * A first look at a hook script's words: does it fetch something and hand it to an interpreter,
 * fetch at all, or decode an encoded blob? Word-level only (the full shell analysis belongs to the
 * shell-command analyser); used to rank git hooks, never to clear them.
 */
export type HookRisk = 'fetch-and-run' | 'fetch' | 'decode' | 'inline-code';

const FETCHERS = new Set(['curl', 'wget', 'iwr', 'invoke-webrequest', 'invoke-restmethod', 'irm', 'certutil', 'bitsadmin']);
const INTERPRETERS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'node',
  'python',
  'python3',
  'perl',
  'ruby',
  'iex',
  'invoke-expression',
  'powershell',
  'pwsh',
  'cmd',
]);

function words(line: string): string[] {
  return line
    .toLowerCase()
    .split(/[\s;&|()`$"'<>]+/)
    .map(w => w.replace(/^.*[\\/]/, '').replace(/\.exe$/, ''))
    .filter(w => w !== '');
}

/** The riskiest thing a script does, with the line that shows it. */
export function hookRisk(script: string): { risk: HookRisk; line: string } | undefined {
  let found: { risk: HookRisk; line: string } | undefined;
  const rank: Record<HookRisk, number> = { 'fetch-and-run': 3, fetch: 2, decode: 1, 'inline-code': 1 };
  for (const raw of script.split(/\r?\n/).slice(0, 5000)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const ws = words(line);
    const fetches = ws.some(w => FETCHERS.has(w));
    const pipes = line
      .split('|')
      .slice(1)
      .map(seg => words(seg)[0] ?? '');
    let risk: HookRisk | undefined;
    if (fetches && pipes.some(p => INTERPRETERS.has(p))) risk = 'fetch-and-run';
    else if (fetches) risk = 'fetch';
    else if (ws.includes('base64') || ws.includes('frombase64string') || ws.includes('-enc') || ws.includes('-encodedcommand'))
      risk = 'decode';
    else if (/\b(?:node|python3?|perl|ruby)\s+-[ec]\b/.test(line)) risk = 'inline-code';
    if (risk !== undefined && (found === undefined || rank[risk] > rank[found.risk])) found = { risk, line: line.slice(0, 300) };
  }
  return found;
}
