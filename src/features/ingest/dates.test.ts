import { describe, it, expect } from 'vitest';
import { foldText, looksLikeDate, readMonthRange } from './dates.js';

const range = (text: string, language?: 'es' | 'en') => readMonthRange(text, language ? { language } : {});

describe('readMonthRange', () => {
  it('reads a range with both years', () => {
    expect(range('Septiembre 2016 a Junio 2018')).toEqual({ start: '2016-09', end: '2018-06' });
    expect(range('Septiembre de 2016 - Junio de 2018')).toEqual({ start: '2016-09', end: '2018-06' });
  });

  it('gives the first month the year of the second', () => {
    expect(range('Septiembre a Octubre 2016')).toEqual({ start: '2016-09', end: '2016-10' });
    expect(range('Enero - Febrero 2018')).toEqual({ start: '2018-01', end: '2018-02' });
    expect(range('Marzo - Mayo 2018')).toEqual({ start: '2018-03', end: '2018-05' });
    expect(range('Febrero a mayo de 2018')).toEqual({ start: '2018-02', end: '2018-05' });
    expect(range('January–March 2019', 'en')).toEqual({ start: '2019-01', end: '2019-03' });
    expect(range('from September to October 2016', 'en')).toEqual({ start: '2016-09', end: '2016-10' });
  });

  it('puts the start in the previous year when its month comes after the end month', () => {
    expect(range('Noviembre a enero 2017')).toEqual({ start: '2016-11', end: '2017-01' });
    expect(range('December 2018 – February 2019', 'en')).toEqual({ start: '2018-12', end: '2019-02' });
  });

  it('reads single months', () => {
    expect(range('Junio 2017')).toEqual({ start: '2017-06', end: '2017-06' });
    expect(range('June 2017', 'en')).toEqual({ start: '2017-06', end: '2017-06' });
    expect(range('noviembre 2017')).toEqual({ start: '2017-11', end: '2017-11' });
  });

  it('reads days, which it drops', () => {
    expect(range('junio 30 de 2016 – junio 30 de 2018')).toEqual({ start: '2016-06', end: '2018-06' });
    expect(range('30 de junio de 2016')).toEqual({ start: '2016-06', end: '2016-06' });
    expect(range('1 de septiembre de 2016 al 30 de junio de 2018')).toEqual({ start: '2016-09', end: '2018-06' });
    expect(range('June 30th, 2016 - June 30th, 2018', 'en')).toEqual({ start: '2016-06', end: '2018-06' });
  });

  it('reads accents, abbreviations and case', () => {
    expect(range('sept. 2016 – ene 2017')).toEqual({ start: '2016-09', end: '2017-01' });
    expect(range('SETIEMBRE 2016')).toEqual({ start: '2016-09', end: '2016-09' });
    expect(range('Dic. 2019')).toEqual({ start: '2019-12', end: '2019-12' });
    expect(range('Ágosto 2019')).toEqual({ start: '2019-08', end: '2019-08' });
  });

  it('reads numeric forms', () => {
    expect(range('2016-09')).toEqual({ start: '2016-09', end: '2016-09' });
    expect(range('2016-09 a 2018-06')).toEqual({ start: '2016-09', end: '2018-06' });
    expect(range('09/2016')).toEqual({ start: '2016-09', end: '2016-09' });
    expect(range('30/06/2016 - 30/06/2018')).toEqual({ start: '2016-06', end: '2018-06' });
    expect(range('03/04/2018', 'es')).toEqual({ start: '2018-04', end: '2018-04' });
    expect(range('03/04/2018', 'en')).toEqual({ start: '2018-03', end: '2018-03' });
  });

  it('reads quarters, halves and years', () => {
    expect(range('Q1 2019', 'en')).toEqual({ start: '2019-01', end: '2019-03' });
    expect(range('Q4 2019', 'en')).toEqual({ start: '2019-10', end: '2019-12' });
    expect(range('primer trimestre 2019')).toEqual({ start: '2019-01', end: '2019-03' });
    expect(range('tercer trimestre de 2019')).toEqual({ start: '2019-07', end: '2019-09' });
    expect(range('second quarter of 2020', 'en')).toEqual({ start: '2020-04', end: '2020-06' });
    expect(range('segundo semestre 2018')).toEqual({ start: '2018-07', end: '2018-12' });
    expect(range('2017')).toEqual({ start: '2017-01', end: '2017-12' });
    expect(range('2016 - 2018')).toEqual({ start: '2016-01', end: '2018-12' });
  });

  it('refuses what it cannot read', () => {
    for (const text of ['', 'primavera 2017', 'a partir de septiembre 2016', 'Junio', 'pronto', 'Q5 2019', '13/2019', 'Junio 2018 a Septiembre 2016', 'x'.repeat(300)]) {
      expect(range(text), text).toBeNull();
    }
  });

  it('says whether a text was meant as a date', () => {
    expect(looksLikeDate('primavera 2017')).toBe(true);
    expect(looksLikeDate('fecha tentativa septiembre')).toBe(true);
    expect(looksLikeDate('sociedad civil, academia y observador')).toBe(false);
  });

  it('folds keeping the length', () => {
    expect(foldText('Ñandú SEPTIEMBRE')).toBe('nandu septiembre');
    expect(foldText('Comisión').length).toBe('Comisión'.length);
  });
});
