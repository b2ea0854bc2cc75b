import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { templateDocx } from '../../../tests/support/documents.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { createApp } from '../../app.js';
import { commitments, milestones } from '../../db/schema/index.js';
import { importParsedCommitments, ImportError } from './commands.js';

/** Issue 8, item 6 (decision 044): a re-import never erases, and confirming applies exactly what the preview showed. */
let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let plan: { id: number; memberId: number };
let secretariat: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  plan = await createPlan(t.db, { code: 'RI', number: 1 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW);
});
afterAll(async () => {
  await t.dispose();
});

const source = { name: 'a.txt', format: 'text', content: 'x' };

describe('re-imports never erase', () => {
  it('a field the document lacks or could not read keeps its stored value', async () => {
    await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(parsedCommitment({ number: 4, completion: 'substantial' })), source, actor: 'test', dryRun: false, now: NOW });
    const lacking = parsedCommitment({
      number: 4,
      problem: null,
      objective: 'Institucionalizar el foro.',
      relevance: null,
      nextSteps: [],
      completion: null,
      otherActors: { government: [], civilSociety: [] },
      milestones: [
        { number: 1, title: '', subItems: [], start: null, end: null, dateText: null, status: null, narrative: '', reportedDelayed: null, delayNote: null },
        { number: 2, title: 'Reportes', subItems: [], start: '2017-06', end: '2017-11', dateText: null, status: 'limited', narrative: 'Dos de tres reportes.', reportedDelayed: null, delayNote: null },
      ],
    });
    const preview = await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(lacking), source: { ...source, content: 'y' }, actor: 'test', dryRun: true, now: NOW });
    const changes = preview.commitments[0]!.changes;
    expect(changes).toContainEqual({ field: 'objective', before: 'Institucionalizar.', after: 'Institucionalizar el foro.' });
    expect(changes).toContainEqual({ field: 'milestones.2.status', before: 'not_started', after: 'limited' });
    expect(changes).toContainEqual({ field: 'milestones.2.narrative', before: 'No iniciada.', after: 'Dos de tres reportes.' });
    expect(changes.map((c) => c.field)).not.toContain('problem');
    expect(changes.map((c) => c.field)).not.toContain('completion');
    expect(changes.map((c) => c.field).filter((f) => f.startsWith('milestones.1.'))).toEqual([]);
    await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(lacking), source: { ...source, content: 'y' }, actor: 'test', dryRun: false, now: NOW, expectFingerprint: preview.fingerprint });
    const c = (await t.db.select().from(commitments).where(and(eq(commitments.planId, plan.id), eq(commitments.number, '4'))))[0]!;
    expect(c.problem.es).toBe('Falta un espacio formal.');
    expect(c.relevance.es).toBe('Fortalece todos los valores.');
    expect(c.nextSteps.map((s) => s.es)).toEqual(['Coordinar el lanzamiento', 'Elegir representantes']);
    expect(c.completion).toBe('substantial');
    expect(c.otherActorsCivilSociety.map((s) => s.es)).toEqual(['Red Chilena de Gobierno Abierto']);
    expect(c.objective.es).toBe('Institucionalizar el foro.');
    const ms = await t.db.select().from(milestones).where(eq(milestones.commitmentId, c.id)).orderBy(milestones.number);
    expect(ms[0]).toMatchObject({ title: { es: 'Diseño' }, status: 'complete', narrative: { es: 'Cumplida.' }, plannedStart: '2016-09', reportedDelayed: true });
    expect(ms[0]!.subItems).toHaveLength(1);
    expect(ms[1]).toMatchObject({ status: 'limited', narrative: { es: 'Dos de tres reportes.' } });
    expect(ms[2]).toMatchObject({ number: 3, title: { es: 'Sin reporte' } });
  });

  it('refuses to apply anything but what the preview showed, storing nothing', async () => {
    const parsed = parseResult(parsedCommitment({ number: 4, objective: 'Otro objetivo.' }));
    const preview = await importParsedCommitments(t.db, { planId: plan.id, parsed, source, actor: 'test', dryRun: true, now: NOW });
    await t.db.update(commitments).set({ ambition: { es: 'Cambiada por otra persona entre la vista previa y la confirmación.' } }).where(eq(commitments.number, '4'));
    await expect(importParsedCommitments(t.db, { planId: plan.id, parsed, source, actor: 'test', dryRun: false, now: NOW, expectFingerprint: preview.fingerprint })).rejects.toThrow(ImportError);
    const c = (await t.db.select().from(commitments).where(eq(commitments.number, '4')))[0]!;
    expect(c.objective.es).toBe('Institucionalizar el foro.');
  });

  it('the upload preview shows before → after per field, and the confirmation applies it (or refuses, if the data moved)', async () => {
    const upload = (bytes: Uint8Array) => {
      const form = new FormData();
      form.set('file', new File([Buffer.from(bytes)], 'autoevaluacion.docx'));
      form.set('language', '');
      return postMultipart(app, `/plans/${plan.id}/import`, form, secretariat);
    };
    const confirm = (html: string) => {
      const form = new FormData();
      for (const name of ['sha256', 'fileName', 'language', 'fingerprint']) form.set(name, new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '');
      return postMultipart(app, `/plans/${plan.id}/import/confirm`, form, secretariat);
    };
    const first = await (await upload(await templateDocx([{ number: 7, title: 'Presupuesto abierto', theme: 'Finanzas públicas', objective: 'Publicar el presupuesto.' }]))).text();
    expect(first).toContain('Compromiso nuevo: se guardará todo lo leído.');
    expect((await confirm(first)).status).toBe(303);
    const second = await upload(await templateDocx([{ number: 7, title: 'Presupuesto abierto', objective: 'Publicar el presupuesto y su ejecución.' }]));
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain('Qué cambia en el compromiso n° 7');
    const changes = /<section aria-labelledby="changes-7">[\s\S]*?<\/section>/.exec(html)![0];
    expect(changes).toMatch(/<th scope="row">Objetivo principal<\/th><td>Publicar el presupuesto\.<\/td><td>Publicar el presupuesto y su ejecución\.<\/td>/);
    expect(changes).not.toContain('Tema');
    expect(changes).toContain('Lo que el documento no trae o no se pudo leer conserva el valor guardado.');
    // Someone changes the commitment between preview and confirmation: the confirmation is refused.
    await t.db.update(commitments).set({ objective: { es: 'Otro texto.' } }).where(eq(commitments.number, '7'));
    const refused = await confirm(html);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Los datos cambiaron desde la vista previa');
    expect((await t.db.select().from(commitments).where(eq(commitments.number, '7')))[0]!.objective.es).toBe('Otro texto.');
    // Preview again, confirm: exactly that is applied, the theme kept.
    const again = await (await upload(await templateDocx([{ number: 7, title: 'Presupuesto abierto', objective: 'Publicar el presupuesto y su ejecución.' }]))).text();
    expect((await confirm(again)).status).toBe(303);
    const c = (await t.db.select().from(commitments).where(eq(commitments.number, '7')))[0]!;
    expect(c.objective.es).toBe('Publicar el presupuesto y su ejecución.');
    expect(c.theme.es).toBe('Finanzas públicas');
  });
});
