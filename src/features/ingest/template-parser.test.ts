import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseResultSchema, TemplateParseError, type ParseResult } from './parsed.js';
import { parseTemplate, MAX_TEMPLATE_CHARS } from './template-parser.js';
import { readLevel } from './template-labels.js';
import { normalizeMarkup } from './template-normalize.js';

const SEED = readFileSync(new URL('../../../fixtures/000_3f13f33dc8e8d7d3.txt', import.meta.url), 'utf8');

/** Parses and checks the result against the schema, as every caller may rely on it. */
function parse(text: string, options?: { language?: 'es' | 'en' }): ParseResult {
  const result = parseTemplate(text, options);
  expect(() => parseResultSchema.parse(result)).not.toThrow();
  return result;
}

function first(result: ParseResult) {
  const c = result.commitments[0];
  if (!c) throw new Error('no commitment');
  return c;
}

function parseError(fn: () => unknown): TemplateParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateParseError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function expectCleanStrings(result: ParseResult) {
  for (const s of strings(result.commitments)) {
    expect(s).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(s).not.toContain('**');
    expect(s).not.toContain('\t');
    expect(s).not.toMatch(/[\uE000-\uE00F\u2028\u2029]/);
    expect(s).not.toMatch(/ {2,}/);
    expect(s).not.toMatch(/\n{3,}/);
    expect(s).toBe(s.trim());
  }
}

describe('parseTemplate on the seed (Chile, 3rd plan, commitment 19)', () => {
  const result = parse(SEED);
  const c = first(result);

  it('finds one Spanish 2014-generation commitment', () => {
    expect(result.commitments).toHaveLength(1);
    expect(c.language).toBe('es');
    expect(c.generation).toBe('2014');
  });

  it('reads the number and the full title', () => {
    expect(c.number).toBe(19);
    expect(c.title).toBe(
      'Institucionalización de la Alianza para el Gobierno Abierto en Chile mediante creación de la Secretaría Ejecutiva de Gobierno Abierto para el diseño, implementación y monitoreo de planes de acción',
    );
  });

  it('reads the theme (the last cell, not the instructions) and the dates', () => {
    expect(c.theme).toBe('Implementación de la Alianza para el Gobierno Abierto');
    expect(c.dateText).toBe('Septiembre 2016 a Junio 2018');
    expect(c.start).toBe('2016-09');
    expect(c.end).toBe('2018-06');
  });

  it('reads the institution and the contact', () => {
    expect(c.leadInstitution).toBe('Ministerio Secretaría General de la Presidencia');
    expect(c.contact).toEqual({
      name: 'Rodrigo Mora Ortega',
      title: 'Secretario Ejecutivo Comisión de Probidad y Transparencia',
      email: 'rmora@minsegpres.gob.cl',
      phone: '+56222198317',
    });
  });

  it('reads the other actors as empty lists (headings without names)', () => {
    expect(c.otherActors).toEqual({ government: [], civilSociety: [] });
  });

  it('reads problem, objective and brief description in full', () => {
    expect(c.problem).toBe(
      'Este compromiso apunta a resolver la falta de un espacio formal para la dirección y coordinación de las actividades de la Alianza para el Gobierno Abierto en Chile.',
    );
    expect(c.objective).toBe(
      'Institucionalizar el funcionamiento de la Alianza para el Gobierno en Chile y crear un organismo encargado de ésta, coordinando sus actividades, difundiendo sus valores y principios y diseñando, implementando y monitoreando los planes de acción asociados a la Alianza.',
    );
    expect(c.briefDescription).toBe(
      'Crear una instancia administrativa, en el marco de la organización actual del Ministerio Secretaría General de la Presidencia, que coordine a los actores involucrados, diseñe e implemente los planes de acción de la OGP y les dé seguimiento.',
    );
  });

  it('warns that the brief description is longer than 140 characters', () => {
    const w = result.warnings.filter((x) => x.code === 'brief_description_too_long');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ field: 'briefDescription', commitment: 0, params: { length: [...(c.briefDescription ?? '')].length, limit: 140 } });
    expect(w[0]?.params.length).toBeGreaterThan(140);
  });

  it('reads relevance and ambition without the instruction text', () => {
    expect(c.relevance).toMatch(/^El compromiso de institucionalizar la Alianza para el Gobierno Abierto en Chile/);
    expect(c.relevance).toMatch(/para la apertura y rendición de cuentas\.$/);
    expect(c.relevance).not.toContain('Describa');
    expect(c.ambition).toMatch(/^Se espera que una vez cumplido este compromiso/);
    expect(c.ambition).toMatch(/contenidos en éstos\.$/);
    expect(c.ambition).not.toContain('Describa');
  });

  it('does not guess the completion: the X lost its column', () => {
    expect(c.completion).toBeNull();
    expect(result.warnings.filter((w) => w.code === 'completion_mark_ambiguous')).toEqual([
      expect.objectContaining({ code: 'completion_mark_ambiguous', field: 'completion', commitment: 0 }),
    ]);
    expect(result.warnings.some((w) => w.code === 'completion_missing')).toBe(false);
  });

  it('has no results introduction besides the milestones', () => {
    expect(c.resultsDescription).toBeNull();
  });

  it('finds five milestones', () => {
    expect(c.milestones.map((m) => [m.number, m.title])).toEqual([
      [1, 'Diseño de la Secretaría Ejecutiva'],
      [2, 'Formalización'],
      [3, 'Inicio de actividades'],
      [4, 'Construcción y difusión de reportes de seguimiento'],
      [5, 'Proceso de elaboración del 4to Plan de Acción'],
    ]);
  });

  it('milestone 1: dates, sub-items, status, the narrative joined across the page break, delay', () => {
    const m = c.milestones[0];
    expect(m).toMatchObject({ start: '2016-09', end: '2016-10', dateText: 'Septiembre a Octubre 2016', status: 'complete', reportedDelayed: true });
    expect(m?.subItems).toEqual([
      { title: 'Funciones', start: null, end: null },
      { title: 'Estructura', start: null, end: null },
      { title: 'Financiamiento', start: null, end: null },
    ]);
    expect(m?.narrative.startsWith('La meta del diseño de la Secretaría Ejecutiva se encuentra cumplida.')).toBe(true);
    expect(m?.narrative).toContain('dentro del Ministerio Secretaría General de la Presidencia, que por su definición');
    expect(m?.narrative.endsWith('se creó por resolución la “Mesa de Gobierno Abierto”.')).toBe(true);
    expect(m?.narrative).not.toMatch(/\bX\b/);
    expect(m?.delayNote).toBe('Su retraso se debe a varias razones.');
  });

  it('milestone 2: "Noviembre a enero 2017" starts in 2016', () => {
    const m = c.milestones[1];
    expect(m).toMatchObject({ start: '2016-11', end: '2017-01', dateText: 'Noviembre a enero 2017', status: 'complete', reportedDelayed: true, subItems: [] });
    expect(m?.delayNote).toMatch(/^Su estado de atraso se debe/);
    expect(m?.narrative).toMatch(/^El proceso de formalización se encuentra completo\./);
  });

  it('milestone 3: lowercase "sustancial", every paragraph, the continuation after the page break', () => {
    const m = c.milestones[2];
    expect(m).toMatchObject({ start: '2018-02', end: '2018-05', status: 'substantial' });
    expect(m?.subItems).toEqual([{ title: 'Monitoreo Tercer Plan de Acción', start: null, end: null }]);
    const paragraphs = m?.narrative.split('\n\n') ?? [];
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^El cumplimiento de esta meta es sustancial\./);
    expect(paragraphs[2]).toContain('El próximo paso consiste en la recepción de candidatos y posterior elección para ser representante');
    expect(paragraphs[3]).toMatch(/^En cuanto al monitoreo, se han realizado actividades/);
    expect(paragraphs[3]).toMatch(/los próximos desafíos de cada institución\.$/);
  });

  it('milestone 4: dates from its sub-items, not started, delayed', () => {
    const m = c.milestones[3];
    expect(m?.subItems).toEqual([
      { title: 'Reporte n° 1', start: '2017-06', end: '2017-06' },
      { title: 'Reporte n° 2', start: '2017-11', end: '2017-11' },
    ]);
    expect(m).toMatchObject({ start: '2017-06', end: '2017-11', status: 'not_started', reportedDelayed: true });
    expect(m?.delayNote).toBe(
      'Esta meta se encuentra no iniciada y con retraso, debido al atraso general que presenta el compromiso, por los motivos ya descritos.',
    );
  });

  it('milestone 5: sub-item ranges, not started, not delayed', () => {
    const m = c.milestones[4];
    expect(m?.subItems).toEqual([
      { title: 'Diseño', start: '2018-01', end: '2018-02' },
      { title: 'Implementación', start: '2018-03', end: '2018-05' },
    ]);
    expect(m).toMatchObject({ start: '2018-01', end: '2018-05', status: 'not_started', reportedDelayed: false });
    expect(m?.delayNote).toBe('Esta etapa se encuentra no iniciada, pero no se encuentra con retraso.');
  });

  it('reads the end date, the next steps, and the empty last fields', () => {
    expect(c.endDateText).toBe('Junio 2018');
    expect(c.nextSteps).toEqual([
      'Coordinar hito de lanzamiento de la Mesa de Gobierno Abierto (fecha tentativa septiembre de 2018)',
      'Elección de los representantes de la Mesa (sociedad civil, academia y observador)',
      'Preparar las primeras actividades y tareas de la Mesa.',
    ]);
    expect(c.additionalInformation ?? '').toBe('');
    expect(c.remainingChallenges).toBeNull();
  });

  it('gives meaningful warnings, one per missing field', () => {
    const missing = result.warnings.filter((w) => w.code === 'field_missing').map((w) => w.field);
    expect(missing).toEqual(['additionalInformation', 'remainingChallenges']);
    expect(result.warnings.map((w) => w.code).sort()).toEqual(
      ['brief_description_too_long', 'completion_mark_ambiguous', 'field_missing', 'field_missing'].sort(),
    );
  });

  it('returns clean text: no tags, no **, no tabs, collapsed whitespace', () => {
    expectCleanStrings(result);
  });

  it('takes the language option over detection', () => {
    expect(first(parse(SEED, { language: 'en' })).language).toBe('en');
  });
});

describe('parseTemplate on broken and hostile input', () => {
  it('refuses empty and whitespace-only text', () => {
    expect(parseError(() => parseTemplate('')).code).toBe('empty');
    expect(parseError(() => parseTemplate(' \n\t\r\n  ')).code).toBe('empty');
  });

  it('refuses text that is not a template', () => {
    const samples = [
      'La Alianza para el Gobierno Abierto es una iniciativa multilateral que busca asegurar compromisos concretos de los gobiernos.',
      'id,tema,estado\n1,Salud,Completo\n2,Educación,Limitado\n',
      '{"tema": "Salud", "compromiso": 19, "estado": "Completo"}',
      '<html><body><p>Hola</p></body></html>',
      'Compromiso n° 19: un título sin nada más',
      '<b><b><b></b></b></b>',
    ];
    for (const text of samples) expect(parseError(() => parseTemplate(text)).code, text).toBe('not_a_template');
  });

  it('refuses binary text', () => {
    expect(parseError(() => parseTemplate(`PK\u0003\u0004${'\u0000'.repeat(20)}word/document.xml`)).code).toBe('binary');
    expect(parseError(() => parseTemplate(`${SEED}\u0000`)).code).toBe('binary');
    const controls = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(1 + (i % 8))).join('');
    expect(parseError(() => parseTemplate(controls)).code).toBe('binary');
  });

  it('refuses text over the limit before any work', () => {
    const error = parseError(() => parseTemplate('\u0000'.repeat(MAX_TEMPLATE_CHARS + 1)));
    expect(error.code).toBe('too_large');
    expect(error.params).toEqual({ limit: MAX_TEMPLATE_CHARS });
  });

  it('never throws anything but TemplateParseError on a truncated seed', () => {
    let parsed = 0;
    for (const step of [500, 97]) {
      for (let cut = 0; cut <= SEED.length; cut += step) {
        for (const text of [SEED.slice(0, cut), SEED.slice(cut)]) {
          try {
            const result = parseTemplate(text);
            parseResultSchema.parse(result);
            expectCleanStrings(result);
            parsed += 1;
          } catch (error) {
            expect(error).toBeInstanceOf(TemplateParseError);
          }
        }
      }
    }
    expect(parsed).toBeGreaterThan(50);
  });

  it('keeps what a truncated seed still has', () => {
    const cut = SEED.indexOf('<b>Objetivo principal</b>');
    const c = first(parse(SEED.slice(0, cut)));
    expect(c.number).toBe(19);
    expect(c.contact.email).toBe('rmora@minsegpres.gob.cl');
    expect(c.objective).toBeNull();
  });

  it('finishes on megabyte lines built to make regular expressions backtrack', () => {
    const MB = 1_000_000;
    const lines = [
      '<b>'.repeat(MB / 3),
      'Compromiso n° '.repeat(MB / 14),
      '\t'.repeat(MB),
      `<b>Tema</b>${'\t'.repeat(MB / 2)}`,
      `${'<b>Compromiso n° 1\t'.repeat(MB / 20)}`,
      `<p><b>Metas comprometidas:</b> ${'1. '.repeat(MB / 3)}`,
      `${'<a '.repeat(MB / 3)}`,
      `${'&#'.repeat(MB / 2)}`,
      `${'**'.repeat(MB / 2)}`,
      `${'(Septiembre a '.repeat(MB / 14)}`,
      `<b>Tema</b>\tx\n<b>Objetivo principal</b>\t${'a '.repeat(MB / 2)}`,
      `<b>Tema</b>\tx\n<b>Metas comprometidas:</b>\t${'- Reporte n° 1 (Junio 2017)  '.repeat(MB / 30)}`,
    ];
    for (const text of lines) {
      try {
        const result = parseTemplate(text);
        parseResultSchema.parse(result);
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateParseError);
      }
    }
  });

  it('returns HTML and script in values as plain text', () => {
    const text = SEED.replace(
      'Implementación de la Alianza para el Gobierno Abierto\n',
      'Implementación <script>alert(1)</script> de la <img src=x onerror="alert(2)"> Alianza &lt;script&gt;alert(3)&lt;/script&gt; &amp; más\n',
    );
    const result = parse(text);
    const theme = first(result).theme ?? '';
    expect(theme).not.toMatch(/<|>/);
    expect(theme).toContain('alert(1)');
    expect(theme).toContain('alert(3)');
    expect(theme).toContain('& más');
    expectCleanStrings(result);
  });

  it('decodes entities and collapses whitespace', () => {
    const text = SEED.replace('Rodrigo Mora Ortega', 'Rodrigo&nbsp;Mora&nbsp;&nbsp;Ortega').replace(
      'Ministerio Secretaría General de la Presidencia\n',
      'Ministerio Secretar&iacute;a General de la Presidencia &#8220;SEGPRES&#8221;\n',
    );
    const c = first(parse(text));
    expect(c.contact.name).toBe('Rodrigo Mora Ortega');
    expect(c.leadInstitution).toBe('Ministerio Secretaría General de la Presidencia “SEGPRES”');
  });

  it('does not let entities create cells, rows or markers', () => {
    expect(normalizeMarkup('a&#9;b&#10;c&#xE000;d&#0;e')).toBe('a b cde');
  });
});

const ENGLISH = [
  '**Commitment 19: Institutionalising the Open Government Partnership in Chile**',
  '',
  '<b>Commitment template</b>\t',
  '<b>Theme</b> Refers to the general areas the commitment addresses, e.g. Education, Health.\tImplementation of the Open Government Partnership',
  '<b>Commitment No. 19: Institutionalising the Open Government Partnership in Chile</b>\t',
  '<b>Start and end date of the commitment (e.g. June 30, 2016 – June 30, 2018)</b>\tSeptember 2016 to June 2018',
  '<b>Lead implementing agency/actor</b>\tMinistry General Secretariat of the Presidency',
  '<b>Name of responsible person</b>\tRodrigo Mora Ortega',
  '<b>Title, Department</b>\tExecutive Secretary, Probity and Transparency Commission',
  '<b>Email</b>\trmora@minsegpres.gob.cl',
  '<b>Phone</b>\t+56222198317',
  '<b>Other actors involved</b>\t<b>Government</b>\tCouncil for Transparency',
  '\t<b>CSOs, private sector, multilaterals, working groups</b>\tChile Transparente; Fundación Ciudadano Inteligente',
  '<b>Status quo or problem addressed</b>\tThere is no formal space to coordinate the partnership in Chile.',
  '<b>Main objective</b>\tTo institutionalise the partnership.',
  '<b>Brief description of commitment (140 character limit)</b>\tCreate a body that coordinates the action plans.',
  '<p><b>Relevance</b>  Describe how the commitment strengthens the OGP values.</p>\t<p>It strengthens all four OGP values.</p>',
  '<p><b>Ambition</b>  <i>Briefly describe the expected results.</i></p>\t<p>A formal space for coordination.</p>',
  '<p><b>Completion</b></p>\t<p><b>Not started</b></p>\t<p><b>Limited</b></p>\t<p><b>Substantial</b></p>\t<p><b>Complete</b></p>',
  '\t\t\tX\t',
  '<p><b>Description of results</b>  Include the specific activities.</p>\t<p>The forum was created by resolution.</p> <p><b>1. Design of the Executive Secretariat (September to October 2016)</b></p> <ul><li>- Functions</li><li>- Structure</li></ul> <p><b>Status: Complete</b></p> <p>The design is complete. Its delay is due to legal obstacles.</p>',
  '',
  '**2. Formalisation (November to January 2017)  ',
  'Status: Substantial**',
  '',
  'The resolution is being signed and the milestone is not delayed.',
  '<b>End date</b>\tJune 2018',
  '<b>Next steps</b>\t<ul><li>- Launch the forum</li><li>- Elect the representatives</li></ul>',
  '<b>Additional information</b>\tSee the follow-up reports.',
  '<b>Description of what remains to be achieved and any challenges in implementation</b>\tThe forum must start meeting.',
].join('\n');

describe('parseTemplate in English', () => {
  const result = parse(ENGLISH);
  const c = first(result);

  it('detects English and reads the fields', () => {
    expect(result.commitments).toHaveLength(1);
    expect(c).toMatchObject({
      language: 'en',
      generation: '2014',
      number: 19,
      title: 'Institutionalising the Open Government Partnership in Chile',
      theme: 'Implementation of the Open Government Partnership',
      start: '2016-09',
      end: '2018-06',
      leadInstitution: 'Ministry General Secretariat of the Presidency',
      contact: {
        name: 'Rodrigo Mora Ortega',
        title: 'Executive Secretary, Probity and Transparency Commission',
        email: 'rmora@minsegpres.gob.cl',
        phone: '+56222198317',
      },
      otherActors: { government: ['Council for Transparency'], civilSociety: ['Chile Transparente', 'Fundación Ciudadano Inteligente'] },
      problem: 'There is no formal space to coordinate the partnership in Chile.',
      objective: 'To institutionalise the partnership.',
      briefDescription: 'Create a body that coordinates the action plans.',
      relevance: 'It strengthens all four OGP values.',
      ambition: 'A formal space for coordination.',
      resultsDescription: 'The forum was created by resolution.',
      endDateText: 'June 2018',
      nextSteps: ['Launch the forum', 'Elect the representatives'],
      additionalInformation: 'See the follow-up reports.',
      remainingChallenges: 'The forum must start meeting.',
    });
  });

  it('reads the completion mark in its column', () => {
    expect(c.completion).toBe('substantial');
    expect(result.warnings.some((w) => w.code.startsWith('completion'))).toBe(false);
  });

  it('reads two milestones', () => {
    expect(c.milestones).toHaveLength(2);
    expect(c.milestones[0]).toMatchObject({
      number: 1,
      title: 'Design of the Executive Secretariat',
      start: '2016-09',
      end: '2016-10',
      status: 'complete',
      subItems: [
        { title: 'Functions', start: null, end: null },
        { title: 'Structure', start: null, end: null },
      ],
      narrative: 'The design is complete. Its delay is due to legal obstacles.',
      reportedDelayed: true,
      delayNote: 'Its delay is due to legal obstacles.',
    });
    expect(c.milestones[1]).toMatchObject({
      number: 2,
      title: 'Formalisation',
      start: '2016-11',
      end: '2017-01',
      status: 'substantial',
      reportedDelayed: false,
    });
  });

  it('has no warnings: every field is filled', () => {
    expect(result.warnings).toEqual([]);
    expectCleanStrings(result);
  });

  it('can be told the language', () => {
    expect(first(parse(ENGLISH, { language: 'es' })).language).toBe('es');
  });
});

describe('parseTemplate on a whole report', () => {
  it('returns every commitment, in order', () => {
    const twice = `${SEED}\n\n${SEED.replaceAll('n° 19', 'n° 20')}`;
    const result = parse(twice);
    expect(result.commitments.map((c) => c.number)).toEqual([19, 20]);
    const [a, b] = result.commitments;
    expect(b?.title).toBe(a?.title);
    expect(b?.milestones).toHaveLength(5);
    expect(b?.nextSteps).toEqual(a?.nextSteps);
    expect(b?.remainingChallenges).toBeNull();
    expect(result.warnings.filter((w) => w.code === 'completion_mark_ambiguous').map((w) => w.commitment)).toEqual([0, 1]);
  });

  it('splits the same number written twice when the first copy is complete', () => {
    const result = parse(`${SEED}\n${SEED}`);
    expect(result.commitments.map((c) => c.number)).toEqual([19, 19]);
  });

  it('skips a preamble and a table of contents', () => {
    const report = [
      'Informe de autoevaluación de fin de término',
      'Compromiso 1: Acceso a la información',
      'Compromiso 2: Participación ciudadana',
      '',
      SEED,
    ].join('\n');
    const result = parse(report);
    expect(result.commitments.map((c) => c.number)).toEqual([19]);
  });
});

const SPANISH_2019 = [
  '<h2>Compromiso 3: Datos abiertos de compras públicas</h2>',
  'Fecha de inicio y término del compromiso\tEnero 2019 – Junio 2020',
  'Institución responsable de la implementación\tDirección ChileCompra',
  '<b>Descripción del compromiso</b>\t',
  '<b>¿Cuál es la problemática que el compromiso aborda?</b>\tLa información de compras públicas no se publica en formatos abiertos.',
  '<b>¿Cuál es el compromiso?</b>\tPublicar los datos de compras en el estándar de contrataciones abiertas.',
  '<b>¿Cómo contribuirá a resolver la problemática pública?</b>\tLa ciudadanía podrá revisar cada contrato.',
  '<b>¿Por qué es relevante a los valores de OGP?</b>\tAumenta la transparencia y la rendición de cuentas.',
  '<b>Información adicional</b>\tVinculado al ODS 16.',
  '<b>Actividad con un entregable verificable</b>\t<b>Fecha de inicio:</b>\t<b>Fecha de término:</b>',
  '1. Diagnóstico de los datos disponibles\tEnero 2019\tMarzo 2019',
  '2. Publicación del portal\tAbril 2019\tDiciembre 2019',
  '3. Evaluación con la sociedad civil\tprimer trimestre 2020\tJunio 2020',
  '<b>Información de contacto</b>\t',
  'Nombre de la persona responsable de la institución responsable\tAna Pérez',
  'Cargo, Departamento\tJefa de Datos',
  'Correo electrónico y teléfono\tana.perez@chilecompra.cl, +56 2 2290 4400',
  'Otros actores involucrados\tActores estatales involucrados\tConsejo para la Transparencia; Contraloría General de la República',
  '\tOSC, sector privado, multilaterales, grupos de trabajo\tFundación Ciudadano Inteligente; Observatorio Fiscal',
].join('\n');

describe('parseTemplate on the 2019 generation', () => {
  const result = parse(SPANISH_2019);
  const c = first(result);

  it('detects the generation and the language', () => {
    expect(c.generation).toBe('2019');
    expect(c.language).toBe('es');
    expect(c.number).toBe(3);
    expect(c.title).toBe('Datos abiertos de compras públicas');
    expect(c).toMatchObject({ start: '2019-01', end: '2020-06', leadInstitution: 'Dirección ChileCompra' });
  });

  it('puts the answers in problem / description / howItSolves / relevance / additionalInformation', () => {
    expect(c.problem).toBe('La información de compras públicas no se publica en formatos abiertos.');
    expect(c.description).toBe('Publicar los datos de compras en el estándar de contrataciones abiertas.');
    expect(c.howItSolves).toBe('La ciudadanía podrá revisar cada contrato.');
    expect(c.relevance).toBe('Aumenta la transparencia y la rendición de cuentas.');
    expect(c.additionalInformation).toBe('Vinculado al ODS 16.');
    expect(c.objective).toBeNull();
    expect(c.briefDescription).toBeNull();
    expect(c.ambition).toBeNull();
    expect(c.completion).toBeNull();
  });

  it('reads the milestone table with start and end dates', () => {
    expect(c.milestones.map((m) => ({ n: m.number, t: m.title, s: m.start, e: m.end }))).toEqual([
      { n: 1, t: 'Diagnóstico de los datos disponibles', s: '2019-01', e: '2019-03' },
      { n: 2, t: 'Publicación del portal', s: '2019-04', e: '2019-12' },
      { n: 3, t: 'Evaluación con la sociedad civil', s: '2020-01', e: '2020-06' },
    ]);
    expect(c.milestones.every((m) => m.status === null)).toBe(true);
  });

  it('reads the contact and the other stakeholders', () => {
    expect(c.contact).toEqual({ name: 'Ana Pérez', title: 'Jefa de Datos', email: 'ana.perez@chilecompra.cl', phone: '+56 2 2290 4400' });
    expect(c.otherActors).toEqual({
      government: ['Consejo para la Transparencia', 'Contraloría General de la República'],
      civilSociety: ['Fundación Ciudadano Inteligente', 'Observatorio Fiscal'],
    });
  });

  it('does not ask a plan for self-assessment fields', () => {
    expect(result.warnings).toEqual([]);
    expectCleanStrings(result);
  });

  it('reads the English labels of the 2019 template', () => {
    const en = [
      'Commitment 1: Open contracting',
      'Commitment Start and End Date\tJanuary 2019 – June 2020',
      'Lead implementing agency/actor\tPublic Procurement Office',
      'What is the public problem that the commitment will address?\tContracts are not published.',
      'What is the commitment?\tPublish every contract.',
      'How will the commitment contribute to solve the public problem?\tCitizens can check contracts.',
      'Why is this commitment relevant to OGP values?\tTransparency.',
      'Additional information\tNone yet, but soon.',
      'Milestone activity with a verifiable deliverable\tStart Date:\tEnd Date:',
      'Open data standard adopted\tQ1 2019\tQ2 2019',
      'Name of responsible person from implementing agency\tJane Roe',
      'Title, Department\tDirector',
      'Email and Phone\tjane@example.org / +1 202 555 0100',
      'Other Actors Involved\tState actors involved\tMinistry of Finance',
      '\tCSOs, private sector, multilaterals, working groups\tOpen Contracting Partnership',
    ].join('\n');
    const c2 = first(parse(en));
    expect(c2).toMatchObject({
      language: 'en',
      generation: '2019',
      number: 1,
      title: 'Open contracting',
      problem: 'Contracts are not published.',
      description: 'Publish every contract.',
      howItSolves: 'Citizens can check contracts.',
      relevance: 'Transparency.',
      additionalInformation: 'None yet, but soon.',
      contact: { name: 'Jane Roe', title: 'Director', email: 'jane@example.org', phone: '+1 202 555 0100' },
      otherActors: { government: ['Ministry of Finance'], civilSociety: ['Open Contracting Partnership'] },
    });
    expect(c2.milestones).toEqual([
      expect.objectContaining({ number: 1, title: 'Open data standard adopted', start: '2019-01', end: '2019-06' }),
    ]);
  });
});

describe('parseTemplate warnings', () => {
  it('warns about unreadable dates and statuses, and keeps going', () => {
    const text = SEED.replace('Septiembre 2016 a Junio 2018', 'primavera de 2016')
      .replace('(Septiembre a Octubre 2016)', '(otoño 2016)')
      .replace('Estado: sustancial', 'Estado: en evaluación');
    const result = parse(text);
    const c = first(result);
    expect(c.start).toBeNull();
    expect(c.dateText).toBe('primavera de 2016');
    expect(c.milestones[0]).toMatchObject({ title: 'Diseño de la Secretaría Ejecutiva', start: null, end: null, dateText: 'otoño 2016' });
    expect(c.milestones[2]?.status).toBeNull();
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'date_unreadable', field: 'dateText', params: { text: 'primavera de 2016' } }),
        expect.objectContaining({ code: 'date_unreadable', field: 'milestones[0].dateText', params: { text: 'otoño 2016' } }),
        expect.objectContaining({ code: 'milestone_status_unreadable', field: 'milestones[2].status', params: { text: 'en evaluación' } }),
      ]),
    );
  });

  it('reads a completion stated in words, and warns when there is none', () => {
    const stated = SEED.replace(
      /<p><b>Cumplimiento<\/b><\/p>[^\n]*\n/,
      '<b>Cumplimiento</b>\tSustancial\n',
    ).replace('<p><b>X</b></p>\t\t\t\t\n', '');
    expect(first(parse(stated)).completion).toBe('substantial');
    const none = SEED.replace('<p><b>X</b></p>\t\t\t\t\n', '');
    const result = parse(none);
    expect(first(result).completion).toBeNull();
    expect(result.warnings.filter((w) => w.code.startsWith('completion')).map((w) => w.code)).toEqual(['completion_missing']);
  });

  it('reads the X in its column when the conversion kept it', () => {
    const text = SEED.replace('<p><b>X</b></p>\t\t\t\t\n', '').replace(
      '<p><b>Completo</b></p>\n',
      '<p><b>Completo</b></p>\n\t\t\t<p><b>X</b></p>\t\n',
    );
    const result = parse(text);
    expect(first(result).completion).toBe('substantial');
    expect(result.warnings.some((w) => w.code.startsWith('completion'))).toBe(false);
  });

  it('reads Windows line endings the same way', () => {
    expect(parse(SEED.replace(/\n/g, '\r\n'))).toEqual(parse(SEED));
  });

  it('keeps one commitment when the heading and the table row disagree on the number', () => {
    const text = SEED.replace('<b>Compromiso n° 19:', '<b>Compromiso n° 91:');
    const result = parse(text);
    expect(result.commitments).toHaveLength(1);
    expect(first(result).number).toBe(19);
  });

  it('reads a Markdown-only conversion', () => {
    const md = [
      '**Compromiso 7: Datos abiertos**',
      '',
      '**Tema:** Datos',
      '',
      '**Fecha de inicio y conclusión:** Enero 2017 – Junio 2018',
      '',
      '**Objetivo principal:** Abrir datos.',
      '',
      '**Metas comprometidas:**',
      '',
      '**1. Portal (Q1 2017)**',
      'Estado: Limitado',
      '',
      'Se avanzó poco, sin retraso.',
    ].join('\n');
    const c = first(parse(md));
    expect(c).toMatchObject({ number: 7, title: 'Datos abiertos', theme: 'Datos', start: '2017-01', end: '2018-06', objective: 'Abrir datos.' });
    expect(c.milestones).toEqual([
      expect.objectContaining({ number: 1, title: 'Portal', start: '2017-01', end: '2017-03', status: 'limited', narrative: 'Se avanzó poco, sin retraso.', reportedDelayed: false }),
    ]);
  });

  it('warns when the number is missing', () => {
    const text = SEED.replaceAll('Compromiso n° 19: ', '');
    const result = parse(text);
    expect(first(result).number).toBeNull();
    expect(result.warnings.some((w) => w.code === 'number_missing')).toBe(true);
  });
});

describe('readLevel', () => {
  it('reads the completion words in both languages, any case and gender', () => {
    const cases: [string, string | null][] = [
      ['No iniciado', 'not_started'],
      ['no iniciada', 'not_started'],
      ['NOT STARTED', 'not_started'],
      ['Limitado', 'limited'],
      ['limitada', 'limited'],
      ['Limited', 'limited'],
      ['Sustancial', 'substantial'],
      ['sustancial', 'substantial'],
      ['Substantial', 'substantial'],
      ['Completo', 'complete'],
      ['Completa', 'complete'],
      ['Cumplido', 'complete'],
      ['cumplida', 'complete'],
      ['Completado', 'complete'],
      ['Complete', 'complete'],
      ['Completed', 'complete'],
      ['Completo (con retraso)', 'complete'],
      ['no cumplido', null],
      ['incompleto', null],
      ['en evaluación', null],
      ['Limitado / Sustancial', null],
      ['', null],
    ];
    for (const [text, level] of cases) expect(readLevel(text), text).toBe(level);
  });
});
