import { asc } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy.js';
import { csvBytes } from '../../lib/csv.js';
import type { Executor } from '../../db/client.js';
import {
  actionPlans,
  commitmentPolicyAreas,
  commitments,
  institutions,
  irmAssessments,
  members,
  ogpCommitmentRecords,
} from '../../db/schema/index.js';
import type { Locale } from '../../lib/levels.js';
import { textIn, type LocalizedText } from '../../lib/localized.js';
import type { Month } from '../../lib/month.js';
import { nameKey } from '../../lib/text.js';
import type { IrmVariable } from '../irm/variables.js';
import { OGP_COLUMNS } from './columns.js';
import { isBlank, readOgpDate, yearOf } from './dates.js';
import { IRM_COLUMNS, readIrmCode, readPublicationYear, writeIrmCode } from './irm-columns.js';
import { detectLanguage, institutionName, numberAgrees, splitInstitutions } from './mapping.js';
import { POLICY_AREA_BY_COLUMN } from './policy-areas.js';

type Assessment = typeof irmAssessments.$inferSelect;

const FIRST_KINDS = ['progress', 'action_plan_review'];
const LAST_KINDS = ['end_of_term', 'results_report'];

/** A month as OGP's export writes dates (month first): the first day for a start, the last for an end. */
function ogpDate(m: Month, which: 'start' | 'end'): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  const day = which === 'start' ? 1 : new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${mo}/${day}/${y}`;
}

function textOf(value: LocalizedText | null | undefined, lang: Locale): string | null {
  const own = value?.[lang];
  if (own !== undefined && own.trim() !== '') return own;
  const any = textIn(value, lang);
  return any === '' ? null : any;
}

/** The written value when it still reads as the model's value, else the model's value written anew. */
function keep(raw: string | undefined, agrees: boolean, model: string): string {
  return raw !== undefined && agrees ? raw : model;
}

/**
 * OGP's commitment data as stored: the header and one row per commitment, in OGP's 171 columns.
 * Columns the model holds are written from the model (a value that still reads as the model's is
 * given back exactly as it was written); the others are given back as last imported.
 */
export async function exportOgpTable(db: Executor): Promise<string[][]> {
  const [memberRows, planRows, commitmentRows, institutionRows, records, links, assessments] = await Promise.all([
    db.select().from(members).orderBy(asc(members.id)),
    db.select().from(actionPlans).orderBy(asc(actionPlans.id)),
    db.select().from(commitments).orderBy(asc(commitments.id)),
    db.select().from(institutions).orderBy(asc(institutions.id)),
    db.select().from(ogpCommitmentRecords).orderBy(asc(ogpCommitmentRecords.commitmentId)),
    db.select().from(commitmentPolicyAreas).orderBy(asc(commitmentPolicyAreas.commitmentId), asc(commitmentPolicyAreas.policyAreaSlug)),
    db.select().from(irmAssessments).orderBy(asc(irmAssessments.id)),
  ]);
  const memberById = new Map(memberRows.map((m) => [m.id, m]));
  const planById = new Map(planRows.map((p) => [p.id, p]));
  const institutionById = new Map(institutionRows.map((i) => [i.id, i]));
  const recordById = new Map(records.map((r) => [r.commitmentId, r]));
  const areasById = new Map<number, Set<string>>();
  for (const l of links) areasById.set(l.commitmentId, (areasById.get(l.commitmentId) ?? new Set()).add(l.policyAreaSlug));
  const irmById = new Map<number, Assessment[]>();
  for (const a of assessments) irmById.set(a.commitmentId, [...(irmById.get(a.commitmentId) ?? []), a]);

  const sorted = commitmentRows
    .map((c) => ({ c, plan: planById.get(c.planId)!, member: memberById.get(planById.get(c.planId)!.memberId)! }))
    .sort((a, b) => a.member.code.localeCompare(b.member.code) || a.plan.number - b.plan.number || a.c.position - b.c.position || a.c.id - b.c.id);

  const out: string[][] = [[...OGP_COLUMNS]];
  for (const { c, plan, member } of sorted) {
    const record = recordById.get(c.id);
    const raw = record?.raw ?? {};
    const lang: Locale = record?.language === 'es' || record?.language === 'en' ? record.language : detectLanguage(textIn(c.title, 'en'));
    const v: Record<string, string> = {};
    const set = (column: string, agrees: boolean, model: string) => {
      v[column] = keep(raw[column], agrees, model);
    };
    const r = (column: string) => (raw[column] ?? '').trim();

    set('Commitment Unique Identifier', r('Commitment Unique Identifier') === (c.ogpId ?? ''), c.ogpId ?? '');
    const memberName = textOf(member.name, 'en') ?? member.code;
    set('Country/Locality', r('Country/Locality') === memberName, memberName);
    set('Action Plan Number', r('Action Plan Number') === String(plan.number), String(plan.number));
    set('Commitment Number', numberAgrees(c.number, raw['Commitment Number'] ?? ''), c.number);
    set('Code', r('Code') === member.code, member.code);
    set('National Or Local', /local/i.test(r('National Or Local')) === (member.kind === 'local'), member.kind === 'local' ? 'Local' : 'National');
    set('Year Of Submission', r('Year Of Submission') === yearOf(plan.startMonth), yearOf(plan.startMonth));
    set('Action Plan End Year', r('Action Plan End Year') === yearOf(plan.endMonth), yearOf(plan.endMonth));
    set('Action Plan ID', r('Action Plan ID') === (plan.ogpId ?? r('Action Plan ID')), plan.ogpId ?? '');

    for (const [column, field] of [
      ['Theme', 'theme'],
      ['Commitment Title', 'title'],
      ['Full Text', 'description'],
    ] as const) {
      const model = textOf(c[field], lang);
      const agrees = model === null ? isBlank(raw[column]) : model.trim() === r(column);
      set(column, agrees, model ?? '');
    }
    for (const [column, field, which] of [
      ['Start Date', 'startMonth', 'start'],
      ['End Date', 'endMonth', 'end'],
    ] as const) {
      const model = c[field];
      set(column, readOgpDate(raw[column], which) === model, model ? ogpDate(model, which) : 'NA');
    }
    const lead = c.leadInstitutionId ? institutionById.get(c.leadInstitutionId) : undefined;
    const writtenLead = institutionName(raw['Lead Institution']);
    set('Lead Institution', (lead?.nameKey ?? null) === (writtenLead ? nameKey(writtenLead) : null), lead ? (textOf(lead.name, lang) ?? '') : 'NA');
    const supporting = c.otherActorsGovernment.map((item) => item[lang] ?? textIn(item, lang)).filter((s) => s !== '');
    set('Supporting Institution(s)', JSON.stringify(splitInstitutions(raw['Supporting Institution(s)'] ?? '')) === JSON.stringify(supporting), supporting.length > 0 ? supporting.join('; ') : 'NA');

    const areas = areasById.get(c.id) ?? new Set<string>();
    for (const [column, area] of POLICY_AREA_BY_COLUMN) {
      const linked = areas.has(area.slug);
      set(column, (r(column) === '1') === linked, linked ? '1' : '0');
    }

    const irm = irmById.get(c.id) ?? [];
    const first = irm.find((a) => FIRST_KINDS.includes(a.reportKind));
    const last = irm.find((a) => LAST_KINDS.includes(a.reportKind));
    for (const col of IRM_COLUMNS) {
      const a = col.slot === 'first' ? first : last;
      if (!a) {
        v[col.column] = raw[col.column] ?? 'ND';
        continue;
      }
      const model = col.field === 'publicationYear' ? a.publicationYear : a[col.field as IrmVariable];
      const read = col.scale === null ? readPublicationYear(raw[col.column]) : readIrmCode(col.scale, raw[col.column]);
      const agrees = raw[col.column] !== undefined && read.ok && read.code === model;
      v[col.column] = agrees ? raw[col.column]! : col.scale === null ? (model ?? 'ND') : writeIrmCode(col.scale, model, col.binary);
    }

    out.push(OGP_COLUMNS.map((column) => v[column] ?? raw[column] ?? ''));
  }
  return out;
}

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (numbers such as `-1` stay as they are). */
export function escapeCell(value: string): string {
  if (/^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)) return `'${value}`;
  return value;
}

/** CSV (RFC 4180, UTF-8 with BOM so that Excel reads the accents), formula-looking cells escaped. */
export function toCsv(table: string[][]): Uint8Array {
  return csvBytes(table.map((row) => row.map(escapeCell)));
}

/** XLSX with every cell as text (never a formula), the header row bold and frozen. */
export async function toXlsx(table: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Abierto';
  const sheet = workbook.addWorksheet('Commitments', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of table) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
