import { asc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPlans, commitments, contestations, documents, documentWithdrawals, followUpReports, institutions, members, milestones, progressUpdates } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';
import { isDelayed } from '../milestones/rules.js';
import { FORUM_DATASETS } from './forum-datasets.js';

/**
 * The one source of truth for the open data: every public table and each of its columns with its
 * type and a description in es and en. The CSV, XLSX and JSON exports and the data dictionary page
 * are all made from these tables.
 */
export type ColumnType = 'integer' | 'text' | 'date' | 'month' | 'boolean' | 'timestamp' | 'enum';
export type Cell = string | number | boolean | null;

export interface Column<R> {
  key: string;
  type: ColumnType;
  description: { es: string; en: string };
  value: (row: R) => Cell;
}

export interface Dataset<R = never> {
  name: string;
  title: { es: string; en: string };
  description: { es: string; en: string };
  columns: Column<R>[];
  rows: (db: Executor, now: Date) => Promise<R[]>;
}

const col = <R>(key: string, type: ColumnType, es: string, en: string, value: (row: R) => Cell): Column<R> => ({ key, type, description: { es, en }, value });

/** A localized field as two columns, `<key>_es` and `<key>_en`. */
function localizedCols<R>(key: string, es: string, en: string, get: (row: R) => LocalizedText | null | undefined): Column<R>[] {
  return [
    col<R>(`${key}_es`, 'text', `${es} (en español)`, `${en} (in Spanish)`, (r) => get(r)?.es ?? null),
    col<R>(`${key}_en`, 'text', `${es} (en inglés)`, `${en} (in English)`, (r) => get(r)?.en ?? null),
  ];
}

type PlanRow = typeof actionPlans.$inferSelect & { memberCode: string };
const plans: Dataset<PlanRow> = {
  name: 'plans',
  title: { es: 'Planes de acción', en: 'Action plans' },
  description: { es: 'Un registro por plan de acción.', en: 'One record per action plan.' },
  columns: [
    col('id', 'integer', 'Identificador del plan en Abierto', 'The plan’s id in Abierto', (r) => r.id),
    col('member_code', 'text', 'Código del miembro OGP (país o localidad)', 'Code of the OGP member (country or locality)', (r) => r.memberCode),
    col('number', 'integer', 'Número del plan del miembro (3 para el tercer plan)', 'The plan’s number for its member (3 for the third plan)', (r) => r.number),
    col('ogp_id', 'text', 'Identificador OGP del plan, si se conoce', 'OGP’s id of the plan, when known', (r) => r.ogpId),
    ...localizedCols<PlanRow>('title', 'Título', 'Title', (r) => r.title),
    col('start_month', 'month', 'Primer mes del plan (AAAA-MM)', 'First month of the plan (YYYY-MM)', (r) => r.startMonth),
    col('end_month', 'month', 'Último mes del plan (AAAA-MM)', 'Last month of the plan (YYYY-MM)', (r) => r.endMonth),
    col('phase', 'enum', 'Fase: co_creation, implementation o closed', 'Phase: co_creation, implementation or closed', (r) => r.phase),
    col('practice', 'boolean', 'Plan de práctica (para probar Abierto; no es un plan real, decisión 055)', 'Practice plan (for trying Abierto; not a real plan, decision 055)', (r) => r.practice),
  ],
  rows: async (db) =>
    (
      await db
        .select({ p: actionPlans, memberCode: members.code })
        .from(actionPlans)
        .innerJoin(members, eq(members.id, actionPlans.memberId))
        .orderBy(asc(members.code), asc(actionPlans.number), asc(actionPlans.id))
    ).map((r) => ({ ...r.p, memberCode: r.memberCode })),
};

type CommitmentRow = typeof commitments.$inferSelect;
const commitmentsDataset: Dataset<CommitmentRow> = {
  name: 'commitments',
  title: { es: 'Compromisos', en: 'Commitments' },
  description: { es: 'Un registro por compromiso, con los campos de la plantilla OGP.', en: 'One record per commitment, with the fields of OGP’s template.' },
  columns: [
    col('id', 'integer', 'Identificador del compromiso en Abierto', 'The commitment’s id in Abierto', (r) => r.id),
    col('plan_id', 'integer', 'Plan al que pertenece (plans.id)', 'The plan it belongs to (plans.id)', (r) => r.planId),
    col('number', 'text', 'Número en el plan, como está escrito («19», «2.1»)', 'Number in the plan as written ("19", "2.1")', (r) => r.number),
    col('ogp_id', 'text', 'Identificador OGP, si se conoce', 'OGP’s id, when known', (r) => r.ogpId),
    col('template', 'enum', 'Generación de la plantilla: 2014 o 2019', 'Template generation: 2014 or 2019', (r) => r.generation),
    ...localizedCols<CommitmentRow>('title', 'Título', 'Title', (r) => r.title),
    ...localizedCols<CommitmentRow>('theme', 'Tema', 'Theme', (r) => r.theme),
    col('start_month', 'month', 'Mes de inicio (AAAA-MM)', 'Start month (YYYY-MM)', (r) => r.startMonth),
    col('end_month', 'month', 'Mes de término (AAAA-MM)', 'End month (YYYY-MM)', (r) => r.endMonth),
    col('lead_institution_id', 'integer', 'Institución responsable (institutions.id)', 'Lead institution (institutions.id)', (r) => r.leadInstitutionId),
    ...localizedCols<CommitmentRow>('problem', 'Problema o status quo', 'Problem or status quo', (r) => r.problem),
    ...localizedCols<CommitmentRow>('objective', 'Objetivo principal', 'Main objective', (r) => r.objective),
    ...localizedCols<CommitmentRow>('brief_description', 'Breve descripción', 'Brief description', (r) => r.briefDescription),
    ...localizedCols<CommitmentRow>('relevance', 'Relevancia', 'Relevance', (r) => r.relevance),
    ...localizedCols<CommitmentRow>('ambition', 'Ambición', 'Ambition', (r) => r.ambition),
    col('completion', 'enum', 'Cumplimiento autorreportado: not_started, limited, substantial, complete; vacío si no se reportó', 'Self-reported completion: not_started, limited, substantial, complete; empty when not reported', (r) => r.completion),
    col('updated_at', 'timestamp', 'Última modificación (UTC)', 'Last change (UTC)', (r) => r.updatedAt.toISOString()),
  ],
  rows: (db) => db.select().from(commitments).orderBy(asc(commitments.planId), asc(commitments.position), asc(commitments.id)),
};

type MilestoneRow = typeof milestones.$inferSelect & { now: Date; statusAsOf: string | null; contested: boolean };

/**
 * Per milestone: the as-of date of the newest verified report (the public status's report, decision 040)
 * and whether an open contestation stands against it (decision 042).
 */
async function milestoneProvenance(db: Executor) {
  const [verified, open] = await Promise.all([
    db
      .select({ milestoneId: progressUpdates.milestoneId, asOf: progressUpdates.asOf })
      .from(progressUpdates)
      .where(eq(progressUpdates.state, 'verified'))
      .orderBy(asc(progressUpdates.milestoneId), asc(progressUpdates.asOf), asc(progressUpdates.submittedAt), asc(progressUpdates.id)),
    db.select({ milestoneId: contestations.milestoneId }).from(contestations).where(eq(contestations.state, 'open')).orderBy(asc(contestations.milestoneId), asc(contestations.id)),
  ]);
  const asOf = new Map<number, string>();
  for (const v of verified) asOf.set(v.milestoneId, v.asOf);
  return { asOf, contested: new Set(open.map((o) => o.milestoneId)) };
}
const milestonesDataset: Dataset<MilestoneRow> = {
  name: 'milestones',
  title: { es: 'Metas', en: 'Milestones' },
  description: { es: 'Un registro por meta (hito) de un compromiso.', en: 'One record per milestone of a commitment.' },
  columns: [
    col('id', 'integer', 'Identificador de la meta en Abierto', 'The milestone’s id in Abierto', (r) => r.id),
    col('commitment_id', 'integer', 'Compromiso al que pertenece (commitments.id)', 'The commitment it belongs to (commitments.id)', (r) => r.commitmentId),
    col('number', 'integer', 'Número de la meta en el compromiso', 'The milestone’s number in its commitment', (r) => r.number),
    ...localizedCols<MilestoneRow>('title', 'Título', 'Title', (r) => r.title),
    col('planned_start', 'month', 'Inicio planificado (AAAA-MM)', 'Planned start (YYYY-MM)', (r) => r.plannedStart),
    col('planned_end', 'month', 'Término planificado (AAAA-MM)', 'Planned end (YYYY-MM)', (r) => r.plannedEnd),
    col('status', 'enum', 'Estado público: not_started, limited, substantial, complete; vacío = sin reporte', 'Public status: not_started, limited, substantial, complete; empty = not reported', (r) => r.status),
    col('delayed', 'boolean', 'Calculado: terminó el mes de término planificado y no está completa (decisión 004)', 'Computed: the planned end month is over and it is not complete (decision 004)', (r) => isDelayed(r, r.now)),
    col('reported_delayed', 'boolean', 'Lo que dice el reporte sobre el retraso; vacío si no lo dice', 'What the report says about delay; empty when silent', (r) => r.reportedDelayed),
    ...localizedCols<MilestoneRow>(
      'narrative',
      'Narrativa pública: la del último reporte verificado o, si no hay, la del informe importado',
      'Public narrative: that of the latest verified report or, when there is none, of the imported report',
      (r) => r.narrative,
    ),
    col('status_as_of', 'date', 'Fecha a la que se refiere el reporte verificado del que viene el estado; vacío si viene del informe importado', 'The date the verified report the status comes from refers to; empty when it comes from the imported report', (r) => r.statusAsOf),
    col('contested', 'boolean', 'Hay una impugnación abierta contra el estado', 'An open contestation stands against the status', (r) => r.contested),
    col('updated_at', 'timestamp', 'Última modificación (UTC)', 'Last change (UTC)', (r) => r.updatedAt.toISOString()),
  ],
  rows: async (db, now) => {
    const prov = await milestoneProvenance(db);
    return (await db.select().from(milestones).orderBy(asc(milestones.commitmentId), asc(milestones.number), asc(milestones.id))).map((m) => ({
      ...m,
      now,
      statusAsOf: prov.asOf.get(m.id) ?? null,
      contested: prov.contested.has(m.id),
    }));
  },
};

type InstitutionRow = typeof institutions.$inferSelect;
const institutionsDataset: Dataset<InstitutionRow> = {
  name: 'institutions',
  title: { es: 'Instituciones', en: 'Institutions' },
  description: { es: 'Instituciones públicas que lideran o apoyan compromisos.', en: 'Public institutions that lead or support commitments.' },
  columns: [
    col('id', 'integer', 'Identificador de la institución', 'The institution’s id', (r) => r.id),
    col('member_id', 'integer', 'Miembro OGP al que pertenece', 'The OGP member it belongs to', (r) => r.memberId),
    ...localizedCols<InstitutionRow>('name', 'Nombre', 'Name', (r) => r.name),
    col('abbreviation', 'text', 'Sigla', 'Abbreviation', (r) => r.abbreviation),
    col('website', 'text', 'Sitio web', 'Website', (r) => r.website),
  ],
  rows: (db) => db.select().from(institutions).orderBy(asc(institutions.memberId), asc(institutions.id)),
};

type DocumentRow = typeof documents.$inferSelect & { withdrawnAt: Date | null; withdrawalReason: string | null };
const documentsDataset: Dataset<DocumentRow> = {
  name: 'documents',
  title: { es: 'Repositorio de documentos', en: 'Document repository' },
  description: { es: 'Los documentos publicados del repositorio (informes, actas, evidencias, documentos de los planes).', en: 'The published documents of the repository (reports, minutes, evidence, plan documents).' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /repository/{id}', 'Id; its page is /repository/{id}', (r) => r.id),
    col('plan_id', 'integer', 'Plan al que pertenece, si alguno', 'The plan it belongs to, if any', (r) => r.planId),
    col('type', 'enum', 'Tipo: self_assessment, follow_up_report, minutes, evidence, plan_document, other', 'Type: self_assessment, follow_up_report, minutes, evidence, plan_document, other', (r) => r.type),
    ...localizedCols<DocumentRow>('title', 'Título', 'Title', (r) => r.title),
    col('document_date', 'date', 'Fecha del documento (AAAA-MM-DD)', 'Date of the document (YYYY-MM-DD)', (r) => r.documentDate),
    col('url', 'text', 'Enlace externo, si el documento no está guardado aquí', 'External link, when the document is not stored here', (r) => r.url),
    col('file_sha256', 'text', 'Huella SHA-256 del archivo guardado', 'SHA-256 of the stored file', (r) => r.fileSha256),
    col('published_at', 'timestamp', 'Fecha de publicación (UTC)', 'Publication date (UTC)', (r) => r.publishedAt?.toISOString() ?? null),
    col('withdrawn_at', 'timestamp', 'Fecha de retiro (UTC); vacío si sigue vigente (decisión 056)', 'Withdrawal date (UTC); empty while it stands (decision 056)', (r) => r.withdrawnAt?.toISOString() ?? null),
    col('withdrawal_reason', 'text', 'Motivo público del retiro', 'Public reason for the withdrawal', (r) => r.withdrawalReason),
  ],
  rows: async (db) =>
    (
      await db
        .select({ d: documents, withdrawnAt: documentWithdrawals.withdrawnAt, withdrawalReason: documentWithdrawals.reason })
        .from(documents)
        .leftJoin(documentWithdrawals, eq(documentWithdrawals.documentId, documents.id))
        .where(isNotNull(documents.publishedAt))
        .orderBy(asc(documents.documentDate), asc(documents.id))
    ).map((r) => ({ ...r.d, withdrawnAt: r.withdrawnAt, withdrawalReason: r.withdrawalReason })),
};

type FollowUpRow = typeof followUpReports.$inferSelect;
const followUpDataset: Dataset<FollowUpRow> = {
  name: 'follow_up_reports',
  title: { es: 'Reportes de seguimiento', en: 'Follow-up reports' },
  description: { es: 'Los reportes de seguimiento publicados (inmutables).', en: 'The published follow-up reports (immutable).' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /reports/follow-up/{id}', 'Id; its page is /reports/follow-up/{id}', (r) => r.id),
    col('plan_id', 'integer', 'Plan (plans.id)', 'Plan (plans.id)', (r) => r.planId),
    col('number', 'integer', 'Número del reporte en el plan', 'Number of the report in the plan', (r) => r.number),
    col('cut_off_date', 'date', 'Fecha de corte (AAAA-MM-DD)', 'Cut-off date (YYYY-MM-DD)', (r) => r.cutOffDate),
    col('published_at', 'timestamp', 'Fecha de publicación (UTC)', 'Publication date (UTC)', (r) => r.publishedAt.toISOString()),
  ],
  rows: (db) => db.select().from(followUpReports).orderBy(asc(followUpReports.planId), asc(followUpReports.number)),
};

export const DATASETS = [plans, commitmentsDataset, milestonesDataset, institutionsDataset, documentsDataset, followUpDataset, ...FORUM_DATASETS] as unknown as Dataset<unknown>[];

export function findDataset(name: string): Dataset<unknown> | undefined {
  return DATASETS.find((d) => d.name === name);
}

/** The header and the rows of a dataset as cells. */
export async function datasetTable(db: Executor, dataset: Dataset<unknown>, now: Date): Promise<{ header: string[]; rows: Cell[][] }> {
  const rows = await dataset.rows(db, now);
  return { header: dataset.columns.map((c) => c.key), rows: rows.map((r) => dataset.columns.map((c) => c.value(r))) };
}
