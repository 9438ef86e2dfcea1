/**
 * JSONC settings (the user's own editor settings, for `harden --fix`) read with the hardened
 * reader and edited without losing comments or layout (jsonc-parser `modify`). A file the
 * editor's recursive parser cannot read is reported, never edited.
 */
import { applyEdits, modify } from 'jsonc-parser';
import type { FormattingOptions } from 'jsonc-parser';
import { readJsonc } from './jsonc.ts';

export interface JsoncDocument {
  /** The parsed top-level object, or undefined when the text is not a JSONC object. */
  value: Record<string, unknown> | undefined;
  errors: string[];
}

export function parseJsonc(text: string): JsoncDocument {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { value: {}, errors: [] };
  const doc = readJsonc(body);
  if (doc.tooDeep) return { value: undefined, errors: ['nested too deeply for the editor to read'] };
  const value = doc.value;
  const messages = doc.errors.map(e => `${e.message} at line ${e.line}, column ${e.column}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { value: undefined, errors: messages.length > 0 ? messages : ['the top level is not an object'] };
  return { value: value as Record<string, unknown>, errors: messages };
}

function formatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent?.length ?? 4, eol };
}

/** Sets top-level keys, keeping comments, order and indentation; keeps a leading BOM. */
export function setKeys(text: string, values: Record<string, unknown>): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let body = bom === '' ? text : text.slice(1);
  if (body.trim() === '') body = '{}';
  const options = formatting(body);
  for (const [key, value] of Object.entries(values)) {
    body = applyEdits(body, modify(body, [key], value, { formattingOptions: options }));
  }
  if (!body.endsWith('\n')) body += options.eol ?? '\n';
  return bom + body;
}
