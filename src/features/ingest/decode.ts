/** The largest file an importer reads; larger ones are refused before being read. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export class DecodeError extends Error {
  constructor(readonly code: 'too_large' | 'binary' | 'empty', readonly params: Record<string, string | number> = {}) {
    super(`decode error: ${code}`);
    this.name = 'DecodeError';
  }
}

/**
 * Bytes to text: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8, and where that
 * fails, Windows-1252 (what Word and Excel in Spanish write as "ANSI", a superset of Latin-1).
 */
export function decodeText(bytes: Uint8Array, options: { maxBytes?: number } = {}): { text: string; encoding: string } {
  const max = options.maxBytes ?? MAX_IMPORT_BYTES;
  if (bytes.length > max) throw new DecodeError('too_large', { limit: max });
  if (bytes.length === 0) throw new DecodeError('empty');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  // Zip (docx, xlsx), PDF and other binaries are not text.
  const head = bytes.subarray(0, 4096);
  let nul = 0;
  for (const b of head) if (b === 0) nul += 1;
  if (nul > 0) throw new DecodeError('binary');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
