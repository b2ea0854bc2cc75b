import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../tests/support/db.js';
import { FileRejectedError, readStoredFile, sniffMediaType, storeFile } from './files.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.dispose();
});

const pdf = new Uint8Array([...Buffer.from('%PDF-1.7\n'), 0, 1, 2, 255, 254]);

describe('stored files', () => {
  it('stores bytes once, by content, and reads them back exactly', async () => {
    const a = await storeFile(t.db, pdf, 'evidence.pdf');
    const b = await storeFile(t.db, pdf, 'same-again.pdf');
    expect(a).toEqual(b);
    expect(a.mediaType).toBe('application/pdf');
    const back = await readStoredFile(t.db, a.sha256);
    expect(Buffer.from(back!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(back!.size).toBe(pdf.length);
  });

  it('tells the type by content, not by name', () => {
    expect(sniffMediaType(Buffer.from('<html><script>alert(1)</script>'), 'evil.pdf')).toBeNull();
    expect(sniffMediaType(Buffer.from('MZ\u0090\u0000'), 'program.png')).toBeNull();
    expect(sniffMediaType(Buffer.from('a,b\n1,2\n'), 'data.csv')).toBe('text/csv');
    expect(sniffMediaType(Buffer.from('PK\u0003\u0004'), 'archive.zip')).toBeNull();
  });

  it('refuses empty, oversized and disallowed files', async () => {
    await expect(storeFile(t.db, new Uint8Array(), 'x.pdf')).rejects.toMatchObject({ code: 'empty' });
    await expect(storeFile(t.db, pdf, 'x.pdf', { maxBytes: 4 })).rejects.toMatchObject({ code: 'too_large' });
    await expect(storeFile(t.db, Buffer.from('<svg onload=alert(1)>'), 'x.svg')).rejects.toBeInstanceOf(FileRejectedError);
    expect(await readStoredFile(t.db, "'; drop table files; --")).toBeNull();
  });
});
