import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { actionPlans, members } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { ensureDemo } from '../demo/demo.js';
import { importParsedCommitments } from '../ingest/commands.js';
import type { ParsedCommitment } from '../ingest/parsed.js';
import { parseTemplate } from '../ingest/template-parser.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { docxParagraphs, docxTables, docxXml, pdfText, tableAsTemplateText } from '../../../tests/support/read-documents.js';
import { documentText } from './document.js';
import { getSelfAssessmentData } from './queries.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import { buildSelfAssessment } from './self-assessment.js';

const SEED = readFileSync(new URL('../../../fixtures/000_3f13f33dc8e8d7d3.txt', import.meta.url), 'utf8');

let database: TestDatabase;
let demoPlanId: number;
let otherPlanId: number;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  const [plan] = await database.db.select({ id: actionPlans.id }).from(actionPlans).limit(1);
  demoPlanId = plan!.id;
  // A second plan with three commitments, each with another completion level.
  const other = await createPlan(database.db, { code: 'UY', number: 4 });
  otherPlanId = other.id;
  const commitments: ParsedCommitment[] = [
    parsedCommitment({ number: 1, title: 'Datos abiertos de salud', completion: 'limited' }),
    parsedCommitment({ number: 2, title: 'Presupuesto participativo', completion: 'complete' }),
    parsedCommitment({ number: 3, title: 'Compras públicas', completion: null }),
  ];
  await importParsedCommitments(database.db, {
    planId: otherPlanId,
    parsed: parseResult(...commitments),
    source: { name: 'uy.txt', format: 'text', content: 'uy' },
    actor: 'test',
    dryRun: false,
    now: NOW,
  });
});

afterAll(async () => {
  await database?.dispose();
});

async function document(planId: number, locale: 'es' | 'en', kind: 'mid_term' | 'end_of_term' = 'mid_term') {
  const data = await getSelfAssessmentData(database.db, planId, kind, NOW);
  if (!data) throw new Error('no plan');
  return buildSelfAssessment(data, messages(locale), locale);
}

/** What the importer's parser reads, compared field by field ('' and null alike). */
function comparable(c: ParsedCommitment) {
  const n = (v: string | null) => (v === null || v === '' ? null : v);
  return {
    number: c.number,
    title: c.title,
    theme: n(c.theme),
    start: c.start,
    end: c.end,
    leadInstitution: n(c.leadInstitution),
    contact: c.contact,
    otherActors: c.otherActors,
    problem: n(c.problem),
    objective: n(c.objective),
    briefDescription: n(c.briefDescription),
    relevance: n(c.relevance),
    ambition: n(c.ambition),
    completion: c.completion,
    resultsDescription: n(c.resultsDescription),
    milestones: c.milestones.map((m) => ({
      number: m.number,
      title: m.title,
      subItems: m.subItems,
      start: m.start,
      end: m.end,
      status: m.status,
      narrative: m.narrative,
      reportedDelayed: m.reportedDelayed,
      delayNote: m.delayNote,
    })),
    nextSteps: c.nextSteps,
    additionalInformation: n(c.additionalInformation),
    remainingChallenges: n(c.remainingChallenges),
  };
}

describe('the self-assessment as DOCX', () => {
  it('is a Word document with Title and Heading styles and one template table per commitment', async () => {
    const doc = await document(otherPlanId, 'es');
    const bytes = await renderDocx(doc);
    const xml = docxXml(bytes);
    const paragraphs = docxParagraphs(xml);
    const styled = (style: string) => paragraphs.filter((p) => p.style === style).map((p) => p.text);
    expect(styled('Title')).toEqual(['Informe de autoevaluación de medio término']);
    expect(styled('Heading1')).toEqual([
      'Introducción',
      'Proceso de co-creación',
      'Uso de las recomendaciones del Mecanismo de Revisión Independiente (MRI)',
      'Implementación de los compromisos',
      'Lecciones aprendidas',
      'Conclusiones y próximos pasos',
    ]);
    expect(styled('Heading2')).toEqual([
      'Resumen de avance del plan',
      'Compromiso n° 1: Datos abiertos de salud',
      'Compromiso n° 2: Presupuesto participativo',
      'Compromiso n° 3: Compras públicas',
    ]);
    expect(docxXml(bytes, 'word/styles.xml')).toContain('w:styleId="Heading1"');
    const templates = docxTables(xml).filter((t) => t[0]?.[0]?.text === 'Plantilla de cumplimiento de compromisos');
    expect(templates).toHaveLength(3);
  });

  it('puts the mark under the reported completion column, and none when not reported', async () => {
    const xml = docxXml(await renderDocx(await document(otherPlanId, 'es')));
    const templates = docxTables(xml).filter((t) => t[0]?.[0]?.text === 'Plantilla de cumplimiento de compromisos');
    const marks = templates.map((table) => {
      const header = table.findIndex((row) => row[0]?.text === 'Cumplimiento');
      expect(table[header]?.map((c) => c.text)).toEqual(['Cumplimiento', 'No iniciado', 'Limitado', 'Sustancial', 'Completo']);
      const markRow = table[header + 1]!.map((c) => c.text);
      expect(markRow).toHaveLength(5);
      const at = markRow.indexOf('X');
      return at < 0 ? null : table[header]![at]!.text;
    });
    expect(marks).toEqual(['Limitado', 'Completo', null]);
  });

  it('is also read by mammoth (another Word reader) with headings and tables', async () => {
    const bytes = await renderDocx(await document(demoPlanId, 'en'));
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    expect(html).toContain('<h1>Introduction</h1>');
    expect(html).toContain('<h2>Commitment 19: Institucionalización de la Alianza');
    expect(html.match(/<table>/g)?.length).toBe(2); // the summary and one template
    expect(html).toContain('Completion template for commitments');
  });
});

describe('the seed commitment round-trips through the self-assessment', () => {
  it('gives back, through the importer’s own parser, the fields of the seed', async () => {
    const seed = parseTemplate(SEED).commitments[0]!;
    const xml = docxXml(await renderDocx(await document(demoPlanId, 'es')));
    const template = docxTables(xml).find((t) => t[0]?.[0]?.text === 'Plantilla de cumplimiento de compromisos');
    expect(template).toBeDefined();
    const again = parseTemplate(tableAsTemplateText(template!));
    expect(again.commitments).toHaveLength(1);
    expect(comparable(again.commitments[0]!)).toEqual(comparable(seed));
  });

  it('lays out the seed’s fields in the seed’s order', async () => {
    const doc = await document(demoPlanId, 'es');
    const template = doc.blocks.find((b) => b.type === 'table' && b.role === 'template');
    if (template?.type !== 'table') throw new Error('no template');
    const labels = template.rows.map((row) => row[0]?.paras.map((p) => p.runs.map((r) => r.text).join('')).join('') ?? '');
    expect(labels).toEqual([
      'Plantilla de cumplimiento de compromisos',
      'Tema',
      expect.stringMatching(/^Compromiso n° 19: Institucionalización/),
      'Fecha de inicio y conclusión',
      'Secretaría/Ministerio responsable',
      'Nombre de la persona responsable',
      'Puesto',
      'Correo electrónico',
      'Teléfono',
      'Otros actores involucrados',
      'Status quo o problema/desafío que será atendido',
      'Objetivo principal',
      'Breve descripción del compromiso',
      'Relevancia',
      'Ambición',
      'Cumplimiento',
      '',
      'Descripción de los resultados',
      'Fecha de conclusión',
      'Próximos pasos',
      'Información adicional',
      'Descripción de lo que queda por lograr y cualquier reto en la implementación',
    ]);
  });
});

describe('the self-assessment as PDF', () => {
  it('holds the report’s text in Spanish, accents and symbols included', async () => {
    const pages = await pdfText(await renderPdf(await document(demoPlanId, 'es')));
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Informe de autoevaluación de medio término');
    expect(text).toContain('Plantilla de cumplimiento de compromisos');
    expect(text).toContain('Compromiso n° 19: Institucionalización de la Alianza');
    expect(text).toContain('Rodrigo Mora Ortega');
    expect(text).toContain('Estado: Completo');
    expect(text).toContain('Estado: Sustancial');
    expect(text).toContain('Construcción y difusión de reportes de seguimiento');
    expect(text).toContain('Limitado ⅓');
    expect(text).toContain('«No iniciado»');
  });

  it('in English', async () => {
    const text = (await pdfText(await renderPdf(await document(demoPlanId, 'en', 'end_of_term')))).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('End-of-term self-assessment report');
    expect(text).toContain('Completion template for commitments');
    expect(text).toContain('Status: Complete');
    expect(text).toContain('Third Open Government Action Plan');
  });
});

describe('the document model', () => {
  it('falls back to the other language, marked', async () => {
    const doc = await document(demoPlanId, 'en');
    const template = doc.blocks.find((b) => b.type === 'table' && b.role === 'template');
    if (template?.type !== 'table') throw new Error('no template');
    const theme = template.rows[1]?.[1]?.paras[0]?.runs[0];
    expect(theme).toEqual({ text: 'Implementación de la Alianza para el Gobierno Abierto', lang: 'es' });
    expect(documentText(doc)).toContain('Status: Not started');
  });
});

describe('the report DOCX properties', () => {
  it('name the secretariat institution as author, with the title and language; the member when no institution is given', async () => {
    const core = async (planId: number, locale: 'es' | 'en') => {
      const xml = docxXml(await renderDocx(await document(planId, locale)), 'docProps/core.xml');
      return {
        creator: /<dc:creator>([^<]*)<\/dc:creator>/.exec(xml)?.[1],
        title: /<dc:title>([^<]*)<\/dc:title>/.exec(xml)?.[1],
        language: /<dc:language>([^<]*)<\/dc:language>/.exec(xml)?.[1],
      };
    };
    // Uruguay has no secretariat institution yet: its name stands in.
    const before = await core(otherPlanId, 'es');
    const memberName = (await getSelfAssessmentData(database.db, otherPlanId, 'mid_term', NOW))!.plan.member.name;
    expect(before.creator).toBe(memberName.es);
    expect(before.language).toBe('es-CL');
    const [plan] = await database.db.select({ memberId: actionPlans.memberId }).from(actionPlans).where(eq(actionPlans.id, otherPlanId));
    await database.db
      .update(members)
      .set({ secretariatInstitution: { es: 'Agencia de Gobierno Electrónico y Sociedad de la Información', en: 'Agency for Electronic Government and Information Society' } })
      .where(eq(members.id, plan!.memberId));
    expect(await core(otherPlanId, 'es')).toEqual({ creator: 'Agencia de Gobierno Electrónico y Sociedad de la Información', title: expect.stringContaining('Informe de autoevaluación'), language: 'es-CL' });
    expect(await core(otherPlanId, 'en')).toEqual({ creator: 'Agency for Electronic Government and Information Society', title: expect.stringContaining('self-assessment report'), language: 'en-GB' });
  });
});
