/**
 * The Python tags of a YAML document (`!!python/object/apply:os.system`, `!!python/name:…`, the
 * long `tag:yaml.org,2002:python/…` form and `%TAG` handles that expand to it): what PyYAML's
 * unsafe loaders (`yaml.load(f, Loader=yaml.Loader)`, `yaml.unsafe_load`) import and call while
 * loading the file. Read as text; nothing is loaded.
 */

export interface YamlPythonTag {
  /** `object/apply`, `object/new`, `object`, `name`, `module`. */
  kind: string;
  /** The dotted callable or module the tag names. */
  name: string;
  /** 1-based line of the tag. */
  line: number;
}

const MAX_TAGS = 200;

/** Every Python tag of `text`, in order. */
export function yamlPythonTags(text: string): YamlPythonTag[] {
  // `%TAG !p! tag:yaml.org,2002:python/` makes `!p!object/apply:…` a Python tag too.
  const handles = ['!!python/', 'tag:yaml.org,2002:python/'];
  for (const m of text.matchAll(/^%TAG[ \t]+(![\w-]*!)[ \t]+tag:yaml\.org,2002:(python\/)?/gm))
    if (m[1] !== undefined) handles.push(m[2] !== undefined ? m[1] : `${m[1]}python/`);
  const escaped = handles.map(h => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const tag = new RegExp(`(?:${escaped})(object\\/apply|object\\/new|object|name|module)[ \\t]*:[ \\t]*([\\w.]+)`, 'g');
  const out: YamlPythonTag[] = [];
  for (const m of text.matchAll(tag)) {
    if (out.length >= MAX_TAGS) break;
    const at = m.index;
    out.push({ kind: m[1] ?? '', name: m[2] ?? '', line: text.slice(0, at).split('\n').length });
  }
  return out;
}
