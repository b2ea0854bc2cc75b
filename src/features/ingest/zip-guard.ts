import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/** Limits for a zip container (DOCX, XLSX) before a parser may open it. */
export const ZIP_LIMITS = {
  /** Sum of the uncompressed sizes. */
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 5_000,
  /** Compression ratio above which an entry larger than `ratioFloorBytes` is refused. */
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export class ZipRejectedError extends Error {
  constructor(readonly code: 'corrupt' | 'zip_bomb', readonly params: Record<string, string | number> = {}) {
    super(`zip rejected: ${code}`);
    this.name = 'ZipRejectedError';
  }
}

/**
 * Checks a zip container without trusting it: first the sizes its central directory declares
 * (entries, total, ratio), then the real sizes, by inflating every entry as a stream that is cut
 * off as soon as it exceeds what was declared or the total limit. Returns the names of its entries.
 * Throws `ZipRejectedError` ('corrupt' for anything unreadable, 'zip_bomb' for sizes over the limits).
 */
export function checkZip(bytes: Uint8Array, limits = ZIP_LIMITS): string[] {
  const declared = new Map<string, number>();
  let total = 0;
  let tooBig: ZipRejectedError | null = null;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (tooBig) return false;
        declared.set(file.name, file.originalSize);
        total += file.originalSize;
        const ratio = file.size > 0 ? file.originalSize / file.size : file.originalSize > 0 ? Infinity : 1;
        if (declared.size > limits.maxEntries) tooBig = new ZipRejectedError('zip_bomb', { entries: declared.size });
        else if (total > limits.maxTotalBytes) tooBig = new ZipRejectedError('zip_bomb', { bytes: total });
        else if (file.originalSize > limits.ratioFloorBytes && ratio > limits.maxRatio) tooBig = new ZipRejectedError('zip_bomb', { ratio: Math.round(ratio) });
        // Nothing is inflated here: only the directory is read.
        return false;
      },
    });
  } catch {
    throw new ZipRejectedError('corrupt');
  }
  if (tooBig) throw tooBig;
  if (declared.size === 0) throw new ZipRejectedError('corrupt');

  // The directory can lie: inflate for real, counting.
  let inflatedTotal = 0;
  let failure: ZipRejectedError | null = null;
  const seen: string[] = [];
  const unzip = new Unzip((file) => {
    seen.push(file.name);
    const allowed = declared.get(file.name) ?? 0;
    let size = 0;
    file.ondata = (error, chunk) => {
      if (failure) return;
      if (error) {
        failure = new ZipRejectedError('corrupt');
        file.terminate();
        return;
      }
      size += chunk.length;
      inflatedTotal += chunk.length;
      if (size > allowed + 1024 || inflatedTotal > limits.maxTotalBytes) {
        failure = new ZipRejectedError('zip_bomb', { bytes: inflatedTotal });
        file.terminate();
      }
    };
    try {
      file.start();
    } catch {
      failure = new ZipRejectedError('corrupt');
    }
  });
  unzip.register(UnzipInflate);
  try {
    const step = 64 * 1024;
    for (let i = 0; i < bytes.length && !failure; i += step) unzip.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  } catch (error) {
    if (error instanceof ZipRejectedError) throw error;
    throw new ZipRejectedError('corrupt');
  }
  if (failure) throw failure;
  return seen;
}
