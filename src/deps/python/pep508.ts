/**
 * PEP 508 requirement strings (`name[extra]>=1.0; python_version < "3.12"`, `name @ url`) and
 * PEP 503 name normalisation. Only what the dependency rules need: the name, the version spec,
 * an exact pin, the direct URL. Markers are kept as text and never evaluated.
 */

/** A valid project name (PEP 508 `identifier`). */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$/;

/** PEP 503: lower case, every run of `-`, `_` and `.` one `-` (`Django_REST.framework` → `django-rest-framework`). */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isProjectName(name: string): boolean {
  return NAME.test(name);
}

export interface Requirement {
  name: string;
  extras: string[];
  /** The version specifier as written (`>=1.0,<2`), '' when none. */
  specifier: string;
  /** The direct reference after `@`, when there is one. */
  url?: string;
  marker?: string;
}

/** The exact version a specifier pins (`==1.2.3`, `===1.2.3`), when it pins one. */
export function pinnedVersion(specifier: string): string | undefined {
  const m = /^\s*===?\s*([A-Za-z0-9_.!+-]+)\s*$/.exec(specifier);
  return m?.[1] !== undefined && !m[1].includes('*') ? m[1] : undefined;
}

/** Parses one PEP 508 requirement; undefined when the text does not start with a project name. */
export function parseRequirement(text: string): Requirement | undefined {
  let s = text.trim();
  let marker: string | undefined;
  const head = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*/.exec(s);
  if (!head?.[1] || !isProjectName(head[1])) return undefined;
  const name = head[1];
  s = s.slice(head[0].length);
  const extras: string[] = [];
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return undefined;
    for (const e of s.slice(1, end).split(',')) if (e.trim() !== '') extras.push(e.trim());
    s = s.slice(end + 1).trimStart();
  }
  if (s.startsWith('@')) {
    // `name @ url ; marker`: the marker needs a space before the `;` (PEP 508), a URL may hold `;`.
    const rest = s.slice(1).trim();
    const semi = rest.search(/\s;/);
    const url = (semi < 0 ? rest : rest.slice(0, semi)).trim();
    if (semi >= 0) marker = rest.slice(semi).replace(/^\s*;/, '').trim();
    const r: Requirement = { name, extras, specifier: '', url };
    if (marker) r.marker = marker;
    return r;
  }
  const semi = s.indexOf(';');
  if (semi >= 0) {
    marker = s.slice(semi + 1).trim();
    s = s.slice(0, semi);
  }
  let specifier = s.trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  if (specifier !== '' && !/^(?:[<>=!~]=?|===)/.test(specifier)) return undefined;
  const r: Requirement = { name, extras, specifier };
  if (marker) r.marker = marker;
  return r;
}
