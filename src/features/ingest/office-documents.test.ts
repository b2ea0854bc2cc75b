import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTemplateDocument } from './documents.js';

/**
 * The seed's commitment 19 written with real office software: LibreOffice (Debian's
 * libreoffice-writer-nogui) saved each flat ODT in fixtures/office/ as DOCX and exported it as PDF
 * (fixtures/office/make.py; the files are committed, never generated at test time). Spanish and
 * English, as a two-column table and as label⇥value paragraphs: every field imports.
 */

const EXPECTED = {
  es: {
    number: 19,
    title: 'Institucionalización de la Alianza para el Gobierno Abierto en Chile mediante creación de la Secretaría Ejecutiva de Gobierno Abierto',
    theme: 'Implementación de la Alianza para el Gobierno Abierto',
    start: '2016-09',
    end: '2018-06',
    leadInstitution: 'Ministerio Secretaría General de la Presidencia',
    contact: { name: 'Rodrigo Mora Ortega', title: 'Secretario Ejecutivo Comisión de Probidad y Transparencia', email: 'rmora@minsegpres.gob.cl', phone: '+56222198317' },
    otherActors: { government: ['Consejo para la Transparencia'], civilSociety: ['Red Chilena de Gobierno Abierto'] },
    problem: 'Este compromiso apunta a resolver la falta de un espacio formal para la dirección y coordinación de las actividades de la Alianza para el Gobierno Abierto en Chile.',
    objective: expect.stringMatching(/^Institucionalizar el funcionamiento .* asociados a la Alianza\.$/),
    briefDescription: 'Crear una instancia administrativa que coordine a los actores involucrados y dé seguimiento a los planes de acción.',
    relevance: expect.stringMatching(/^El compromiso de institucionalizar .* participación ciudadana\.$/),
    ambition: expect.stringMatching(/^Se espera que, una vez cumplido .* actividades de la Alianza\.$/),
    completion: 'substantial',
    endDateText: 'Junio 2018',
    nextSteps: ['Coordinar el lanzamiento de la Mesa de Gobierno Abierto', 'Elegir a los representantes de la Mesa', 'Preparar las primeras actividades de la Mesa'],
    remainingChallenges: 'Queda por lograr el funcionamiento oficial de la Mesa de Gobierno Abierto.',
  },
  en: {
    number: 19,
    title: 'Institutionalising the Open Government Partnership in Chile through an Executive Secretariat for Open Government',
    theme: 'Implementation of the Open Government Partnership',
    start: '2016-09',
    end: '2018-06',
    leadInstitution: 'Ministry General Secretariat of the Presidency',
    contact: { name: 'Rodrigo Mora Ortega', title: 'Executive Secretary, Commission for Probity and Transparency', email: 'rmora@minsegpres.gob.cl', phone: '+56222198317' },
    otherActors: { government: ['Council for Transparency'], civilSociety: ['Chilean Open Government Network'] },
    problem: 'This commitment addresses the lack of a formal body to lead and coordinate the activities of the Open Government Partnership in Chile.',
    objective: expect.stringMatching(/^To institutionalise the Open Government Partnership .* its action plans\.$/),
    briefDescription: 'Create an administrative body that coordinates the actors involved and follows up the action plans.',
    relevance: expect.stringMatching(/^Institutionalising the Open Government Partnership .* civic participation\.$/),
    ambition: expect.stringMatching(/^Once the commitment is complete, .* activities of the Partnership\.$/),
    completion: 'substantial',
    endDateText: 'June 2018',
    nextSteps: ['Launch the Open Government Forum', 'Elect the members of the Forum', 'Prepare the first activities of the Forum'],
    remainingChallenges: 'The Open Government Forum still has to start working officially.',
  },
};

const MILESTONES = {
  es: [
    [1, 'Diseño de la Secretaría Ejecutiva', '2016-09', '2016-10', 'complete', true],
    [2, 'Formalización', '2016-11', '2017-01', 'complete', null],
    [3, 'Inicio de actividades', '2018-02', '2018-05', 'substantial', false],
  ],
  en: [
    [1, 'Design of the Executive Secretariat', '2016-09', '2016-10', 'complete', true],
    [2, 'Formalisation', '2016-11', '2017-01', 'complete', null],
    [3, 'Start of activities', '2018-02', '2018-05', 'substantial', false],
  ],
};

const FILES = (['es', 'en'] as const).flatMap((lang) => (['table', 'tabs'] as const).flatMap((layout) => (['docx', 'pdf'] as const).map((ext) => ({ lang, layout, ext }))));

describe('documents written with LibreOffice', () => {
  for (const { lang, layout, ext } of FILES) {
    it(`${lang}, ${layout === 'table' ? 'table' : 'label⇥value'} layout, ${ext}: every field imports, with no warning`, async () => {
      const name = `seed-19-${lang}-${layout}.${ext}`;
      const { format, parsed } = await readTemplateDocument(name, new Uint8Array(readFileSync(`fixtures/office/${name}`)));
      expect(format).toBe(ext);
      expect(parsed.commitments).toHaveLength(1);
      const c = parsed.commitments[0]!;
      expect(c).toMatchObject({ language: lang, generation: '2014', ...EXPECTED[lang] });
      expect(c.milestones.map((m) => [m.number, m.title, m.start, m.end, m.status, m.reportedDelayed])).toEqual(MILESTONES[lang]);
      expect(parsed.warnings).toEqual([]);
      // where each field was read
      expect(c.sources?.leadInstitution?.label).toMatch(lang === 'es' ? /^Secretaría\/Ministerio Responsable/ : /^Lead implementing agency/);
      if (ext === 'pdf') expect(c.sources?.leadInstitution?.page).toBe(1);
      else expect(c.sources?.leadInstitution?.page).toBeNull();
    });
  }
});
