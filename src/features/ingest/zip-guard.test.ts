import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkZip, ZIP_LIMITS, ZipRejectedError } from './zip-guard.js';

const small = { ...ZIP_LIMITS, maxTotalBytes: 4 * 1024 * 1024, ratioFloorBytes: 256 * 1024 };

function code(bytes: Uint8Array, limits = small): string {
  try {
    checkZip(bytes, limits);
    return 'ok';
  } catch (error) {
    return (error as ZipRejectedError).code;
  }
}

/** Rewrites the uncompressed size every header declares (local and central), as a forged zip would. */
function forgeSize(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const dv = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i += 1) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) dv.setUint32(i + 24, size, true);
  }
  return out;
}

describe('checkZip', () => {
  it('lists the entries of a sound zip', () => {
    expect(checkZip(zipSync({ 'a.txt': strToU8('hola'), 'b/c.xml': strToU8('<x/>') }), small)).toEqual(['a.txt', 'b/c.xml']);
  });

  it('refuses what expands past the total, past the ratio, or past what its directory declares', () => {
    expect(code(zipSync({ 'big.xml': new Uint8Array(5 * 1024 * 1024) }, { level: 9 }))).toBe('zip_bomb');
    expect(code(zipSync({ 'a.xml': new Uint8Array(1024 * 1024) }, { level: 9 }))).toBe('zip_bomb');
    expect(code(forgeSize(zipSync({ 'x.xml': new Uint8Array(3 * 1024 * 1024) }, { level: 9 }), 100))).toBe('zip_bomb');
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, strToU8('x')]));
    expect(code(zipSync(many), { ...small, maxEntries: 20 })).toBe('zip_bomb');
  });

  it('calls truncated and non-zip bytes corrupt', () => {
    const zip = zipSync({ 'a.txt': strToU8('hola '.repeat(100)) });
    expect(code(zip.subarray(0, zip.length - 30))).toBe('corrupt');
    expect(code(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).toBe('corrupt');
    expect(code(new Uint8Array(0))).toBe('corrupt');
  });
});
