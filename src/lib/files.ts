import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { files } from '../db/schema/index.js';

/** What may be uploaded as evidence or a document, told by the first bytes, never by the file name. */
export const ALLOWED_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
  'text/plain',
] as const;
export type AllowedMediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

/** The extension a downloaded file gets: the one of its detected type, whatever the uploaded name said. */
export const EXTENSION_OF: Record<AllowedMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'text/csv': 'csv',
  'text/plain': 'txt',
};

/** `informe.html` stored as a PDF downloads as `informe.pdf`: the name keeps its stem, the extension follows the content. */
export function downloadName(fileName: string, mediaType: string): string {
  const ext = EXTENSION_OF[mediaType as AllowedMediaType] ?? 'bin';
  const stem = fileName.replace(/\.[^./\\]{0,12}$/, '') || 'file';
  return `${stem}.${ext}`;
}

/** Served files never run in the site's origin: a sandbox with nothing allowed, and no type sniffing. */
export const DOWNLOAD_HEADERS = { 'content-security-policy': "default-src 'none'; sandbox", 'x-content-type-options': 'nosniff' } as const;

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export class FileRejectedError extends Error {
  constructor(readonly code: 'too_large' | 'empty' | 'type_not_allowed', readonly params: Record<string, string | number> = {}) {
    super(`file rejected: ${code}`);
    this.name = 'FileRejectedError';
  }
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** The media type from the content; zip containers are told apart by the name's extension only among the office formats. */
export function sniffMediaType(bytes: Uint8Array, fileName: string): AllowedMediaType | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext === 'docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (ext === 'odt') return 'application/vnd.oasis.opendocument.text';
    if (ext === 'ods') return 'application/vnd.oasis.opendocument.spreadsheet';
    return null;
  }
  // Text: no NUL and valid UTF-8.
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 65536));
  } catch {
    return null;
  }
  return ext === 'csv' ? 'text/csv' : ext === 'txt' || ext === 'md' ? 'text/plain' : null;
}

/** Stores a file once (by SHA-256) after checking its size and type; returns its address. Call inside the command's transaction. */
export async function storeFile(
  tx: Executor,
  bytes: Uint8Array,
  fileName: string,
  limits: { maxBytes?: number; allowed?: readonly AllowedMediaType[] } = {},
): Promise<{ sha256: string; size: number; mediaType: AllowedMediaType }> {
  const max = limits.maxBytes ?? MAX_FILE_BYTES;
  if (bytes.length === 0) throw new FileRejectedError('empty');
  if (bytes.length > max) throw new FileRejectedError('too_large', { limit: max });
  const mediaType = sniffMediaType(bytes, fileName);
  if (!mediaType || !(limits.allowed ?? ALLOWED_MEDIA_TYPES).includes(mediaType)) throw new FileRejectedError('type_not_allowed');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await tx.insert(files).values({ sha256, bytes, size: bytes.length, mediaType }).onConflictDoNothing();
  return { sha256, size: bytes.length, mediaType };
}

export async function readStoredFile(db: Executor, sha256: string) {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const rows = await db.select().from(files).where(eq(files.sha256, sha256)).limit(1);
  return rows[0] ?? null;
}
