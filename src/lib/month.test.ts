import { describe, expect, it } from 'vitest';
import { commitmentPosition, nameKey } from './text.js';
import { compareMonths, isMonth, month, monthHasEnded, monthOf, monthsBetween } from './month.js';
import { decodeText, DecodeError } from '../features/ingest/decode.js';
import { resolveText } from './localized.js';

describe('months', () => {
  it('writes and checks YYYY-MM', () => {
    expect(month(2016, 9)).toBe('2016-09');
    expect(isMonth('2016-09')).toBe(true);
    for (const bad of ['2016-13', '2016-00', '2016-9', '16-09', '2016-09-01', '', null, 201609]) expect(isMonth(bad)).toBe(false);
    expect(() => month(2016, 13)).toThrow(RangeError);
  });
  it('compares and counts', () => {
    expect(compareMonths('2016-11', '2017-01')).toBe(-1);
    expect(monthsBetween('2016-11', '2017-01')).toBe(2);
    expect(monthOf(new Date('2018-06-30T23:00:00Z'))).toBe('2018-06');
    expect(monthHasEnded('2018-06', new Date('2018-06-30T23:00:00Z'))).toBe(false);
    expect(monthHasEnded('2018-06', new Date('2018-07-01T00:00:00Z'))).toBe(true);
  });
});

describe('names and numbers', () => {
  it('folds institution names for matching', () => {
    expect(nameKey('Ministerio Secretaría General de la Presidencia')).toBe(nameKey('  ministerio secretaria general  de la presidencia.'));
    expect(nameKey('SEGPRES')).toBe('segpres');
  });
  it('sorts commitment numbers as numbers', () => {
    const numbers = ['10', '2.10', '2.2', '19', '2.1', '3b', '3'];
    expect([...numbers].sort((a, b) => commitmentPosition(a) - commitmentPosition(b))).toEqual(['2.1', '2.2', '2.10', '3', '3b', '10', '19']);
    expect(commitmentPosition('not a number')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('localized text', () => {
  it('falls back to the other language and says so', () => {
    expect(resolveText({ es: 'hola' }, 'en')).toEqual({ text: 'hola', lang: 'es', fallback: true });
    expect(resolveText({ es: 'hola', en: 'hello' }, 'en')).toEqual({ text: 'hello', lang: 'en', fallback: false });
    expect(resolveText({ es: '  ' }, 'es')).toBeNull();
    expect(resolveText(null, 'es')).toBeNull();
  });
});

describe('decodeText', () => {
  const enc = new TextEncoder();
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and Windows-1252', () => {
    expect(decodeText(enc.encode('Metas: Diseño')).text).toBe('Metas: Diseño');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('Año')])).text).toBe('Año');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('Año', 'utf16le')]);
    expect(decodeText(utf16)).toEqual({ text: 'Año', encoding: 'utf-16le' });
    const latin1 = new Uint8Array(Buffer.from('Diseño de la Secretaría', 'latin1'));
    expect(decodeText(latin1)).toEqual({ text: 'Diseño de la Secretaría', encoding: 'windows-1252' });
  });
  it('refuses empty, binary and oversized input', () => {
    expect(() => decodeText(new Uint8Array())).toThrow(DecodeError);
    expect(() => decodeText(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(DecodeError);
    expect(() => decodeText(new Uint8Array(20 * 1024 * 1024 + 1))).toThrow(/too_large/);
  });
});
