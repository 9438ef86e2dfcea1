declare const LZString: { compressToUTF16(s: string): string; decompressFromUTF16(s: string): string | null };

export function saveNotes(notes: string[]) {
  localStorage.setItem('notes', LZString.compressToUTF16(JSON.stringify(notes)));
}

export function loadNotes(): string[] {
  const raw = localStorage.getItem('notes');
  return raw ? JSON.parse(LZString.decompressFromUTF16(raw) ?? '[]') : [];
}
