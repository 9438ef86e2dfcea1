/**
 * Does a run of bytes read as a script? Used on files whose name says "font" or "image" and on
 * bytes appended after a container's end.
 */

const CODE =
  /\brequire\s*\(|\beval\s*\(|\bglobal(?:This)?\s*(?:\[|\.\w+\s*=)|\bprocess\.(?:env|platform|argv|exit|execPath)|child_process|\bnew\s+Function\b|\bFunction\s*\(|module\.exports|\bimport\s*\(|\bexec(?:Sync)?\s*\(|\bfunction\s*[\w$]*\s*\(|=>|\bpowershell\b|\bcurl\s|\bwget\s|#!\/(?:usr\/)?bin\//;

const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n/;

export interface ScriptSniff {
  /** Share of printable ASCII/whitespace/UTF-8 bytes in the sample. */
  printable: number;
  /** The first code construct found, e.g. "require(". */
  code?: string;
  /** A Git LFS pointer: text by design. */
  lfsPointer: boolean;
  preview: string;
}

export function sniffScript(bytes: Uint8Array, sample = 16 * 1024): ScriptSniff {
  const head = bytes.subarray(0, sample);
  let printable = 0;
  for (const b of head) if (b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0x80) printable++;
  const text = Buffer.from(head).toString('latin1');
  const m = CODE.exec(text);
  const out: ScriptSniff = {
    printable: head.length === 0 ? 0 : printable / head.length,
    lfsPointer: LFS_POINTER.test(text),
    preview: text.replace(/\s+/g, ' ').trim().slice(0, 160),
  };
  if (m && out.printable > 0.9) out.code = m[0].trim();
  return out;
}
