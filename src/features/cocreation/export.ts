import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { textIn } from '../../lib/localized.js';
import { storeFile } from '../../lib/files.js';
import { loadExcel } from '../../lib/lazy.js';
import { escapeFormula } from '../opendata/export.js';
import { cell, textPara, type ReportDocument } from '../reports/document.js';
import { renderDocx, renderPdf } from '../reports/render-lazy.js';
import { CocreationError, type Actor } from './commands.js';
import { draftsOf, getProcess, proposalsOf, type ProposalRow } from './queries.js';

/** The columns of the responses export (one row per public proposal). */
export const RESPONSE_COLUMNS = [
  'proposal_id',
  'title',
  'theme',
  'ogp_value',
  'author',
  'organisation',
  'submitted_at',
  'hidden_reason_es',
  'duplicate_of',
  'working_table_id',
  'response_state',
  'reason_es',
  'reason_en',
  'draft_id',
  'merged_with',
  'commitment_id',
  'response_published_at',
] as const;

type Cell = string | number | null;

export async function responseRows(db: Executor, processId: number): Promise<Cell[][]> {
  const [props, drafts] = await Promise.all([proposalsOf(db, processId), draftsOf(db, processId)]);
  const commitmentOf = new Map(drafts.map((d) => [d.id, d.commitmentId]));
  return props.map((p) => {
    const published = !!p.responsePublishedAt;
    return [
      p.id,
      p.hiddenAt ? '' : p.title,
      p.theme,
      p.ogpValue,
      p.authorName,
      p.organisation,
      p.createdAt.toISOString(),
      p.hiddenAt ? (p.hiddenReason.es ?? p.hiddenReason.en ?? '') : null,
      p.duplicateOfId,
      p.workingTableId,
      published ? p.responseState : null,
      published ? (p.responseReason.es ?? null) : null,
      published ? (p.responseReason.en ?? null) : null,
      published ? p.responseDraftId : null,
      published ? p.responseMergedWithId : null,
      published && p.responseDraftId ? (commitmentOf.get(p.responseDraftId) ?? null) : null,
      p.responsePublishedAt?.toISOString() ?? null,
    ];
  });
}

/** RFC 4180 CSV: CRLF between records, every cell quoted (so CR, LF, quotes and commas inside are safe), UTF-8 with BOM. */
export function strictCsv(header: readonly string[], rows: Cell[][]): Uint8Array {
  const q = (v: Cell) => `"${(v === null ? '' : String(escapeFormula(v))).replace(/"/g, '""')}"`;
  const lines = [header.map(q).join(','), ...rows.map((r) => r.map(q).join(','))];
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

export async function responsesCsv(db: Executor, processId: number) {
  return strictCsv(RESPONSE_COLUMNS, await responseRows(db, processId));
}

export async function responsesXlsx(db: Executor, processId: number): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Abierto';
  const sheet = workbook.addWorksheet('responses');
  sheet.addRow([...RESPONSE_COLUMNS]).font = { bold: true };
  for (const r of await responseRows(db, processId)) sheet.addRow(r.map((v) => escapeFormula(v)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function fate(p: ProposalRow, t: ReturnType<typeof messages>['cocreation'], commitmentOf: Map<number, number | null>): string {
  if (!p.responsePublishedAt || !p.responseState) return t.noResponse;
  if (p.responseState === 'incorporated' && p.responseDraftId) {
    const c = commitmentOf.get(p.responseDraftId);
    return `${t.incorporatedInto(p.responseDraftId)}${c ? ` → #${c}` : ''}`;
  }
  if (p.responseState === 'merged' && p.responseMergedWithId) return t.mergedWith(p.responseMergedWithId);
  return t.responseStates[p.responseState];
}

/** The systematisation of a process as a document (the same blocks become HTML, PDF and DOCX). */
export async function buildSystematisation(db: Executor, processId: number, locale: Locale, now: Date): Promise<ReportDocument | null> {
  const process = await getProcess(db, processId);
  if (!process) return null;
  const [props, drafts] = await Promise.all([proposalsOf(db, processId), draftsOf(db, processId)]);
  const commitmentOf = new Map(drafts.map((d) => [d.id, d.commitmentId]));
  const t = messages(locale).cocreation;
  const d = t.doc;
  const answered = props.filter((p) => p.responsePublishedAt).length;
  const processTitle = textIn(process.title, locale);
  return {
    locale,
    title: d.title(processTitle),
    subtitle: d.intro,
    meta: [d.summary(props.length, answered), now.toISOString().slice(0, 10)],
    fileStem: `sistematizacion-${process.id}`,
    blocks: [
      { type: 'heading', level: 1, text: t.proposals },
      {
        type: 'table',
        widths: [1, 5, 2, 2, 5],
        role: 'summary',
        rows: [
          [d.number, d.proposal, d.author, d.state, d.reason].map((h) => cell([textPara(h)], { head: true })),
          ...props.map((p) => [
            cell([textPara(String(p.id))]),
            cell([textPara(p.hiddenAt ? '' : p.title)]),
            cell([textPara(p.organisation ? `${p.authorName} (${p.organisation})` : p.authorName)]),
            cell([textPara(fate(p, t, commitmentOf))]),
            cell([textPara(p.hiddenAt ? t.hidden(textIn(p.hiddenReason, locale)) : p.responsePublishedAt ? textIn(p.responseReason, locale) : '')]),
          ]),
        ],
      },
    ],
  };
}

/** Publishes the systematisation (PDF and DOCX, es and en) into the document repository, as a new version each time. */
export async function publishSystematisation(db: Database, actor: Actor, processId: number, now: Date): Promise<{ documentIds: number[] }> {
  return db.transaction(async (tx) => {
    const process = await getProcess(tx, processId);
    if (!process) throw new CocreationError('not_found');
    const subjectType = 'cocreation_systematisation';
    const earlier = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.subjectType, subjectType), eq(documents.subjectId, processId))).orderBy(asc(documents.id));
    const version = earlier.length / 4 + 1;
    const ids: number[] = [];
    const title = { es: messages('es').cocreation.doc.title(textIn(process.title, 'es')), en: messages('en').cocreation.doc.title(textIn(process.title, 'en')) };
    for (const locale of ['es', 'en'] as const) {
      const doc = (await buildSystematisation(tx, processId, locale, now))!;
      for (const format of ['pdf', 'docx'] as const) {
        const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
        const fileName = `${doc.fileStem}-v${version}-${locale}.${format}`;
        const stored = await storeFile(tx, bytes, fileName);
        const [row] = await tx
          .insert(documents)
          .values({
            planId: process.planId,
            type: 'plan_document',
            title: { [locale]: `${title[locale]} (${format.toUpperCase()}, v${version})` },
            description: { es: doc.meta[0] ?? '' },
            documentDate: now.toISOString().slice(0, 10),
            fileSha256: stored.sha256,
            fileName,
            subjectType,
            subjectId: processId,
            publishedAt: now,
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: documents.id });
        ids.push(row!.id);
      }
    }
    await recordAudit(tx, { actor: `user:${actor.userId}`, action: 'cocreation.systematisation.publish', entityType: 'cocreation_process', entityId: processId, details: { documentIds: ids, version } });
    return { documentIds: ids };
  });
}
