import type { Messages } from '../../i18n/index.js';
import { COMPLETION_LEVELS, type Locale } from '../../lib/levels.js';
import { resolveText, textIn, type LocalizedText } from '../../lib/localized.js';
import { formatDate, formatMonth, formatMonthRange } from '../../ui/format.js';
import { progressPercent } from '../commitments/rollup.js';
import type { CommitmentDetail, MilestoneDetail } from '../commitments/schemas.js';
import type { PlanDetail } from '../plans/schemas.js';
import { cell, localizedParas, localizedRun, para, run, safeStem, textPara, type Block, type Cell, type Para, type ReportDocument } from './document.js';
import { localizedMarkdown } from './markdown.js';
import type { SelfAssessmentKind } from './schemas.js';

export const SECTION_KEYS = ['introduction', 'coCreation', 'irmRecommendations', 'lessons', 'conclusions'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export type SectionTexts = Record<SectionKey, LocalizedText>;

/** How a published self-assessment's `documents` rows name what they belong to (with the plan's id as `subjectId`). */
export function selfAssessmentSubject(kind: SelfAssessmentKind): string {
  return `self_assessment.${kind}`;
}

export interface SelfAssessmentData {
  plan: PlanDetail;
  kind: SelfAssessmentKind;
  sections: SectionTexts;
  commitments: CommitmentDetail[];
  generatedAt: Date;
  /** The institution that holds the member's secretariat: the document's author (the member's name when absent). */
  secretariat?: LocalizedText | null;
}

/** The template has five columns: the label, then the four completion levels (other rows span them). */
const TEMPLATE_WIDTHS = [2.2, 1, 1, 1, 1];
const SPAN = 4;

function labelCell(text: string): Cell {
  return cell([textPara(text, { bold: true })], { head: true });
}

function row(label: string, paras: Para[]): Cell[] {
  return [labelCell(label), cell(paras, { span: SPAN })];
}

function orNotStated(paras: Para[], t: Messages): Para[] {
  return paras.length > 0 ? paras : [textPara(t.commitment.notStated, { italic: true })];
}

function listParas(items: LocalizedText[], locale: Locale): Para[] {
  return items.map((item) => ({ runs: [{ text: `- ${textIn(item, locale)}` }], item: true })).filter((p) => p.runs[0]?.text !== '- ');
}

/** The milestone as the template writes it inside "Descripción de los resultados". */
function milestoneParas(m: MilestoneDetail, t: Messages, locale: Locale): Para[] {
  const range = formatMonthRange(m.plannedStart, m.plannedEnd, t);
  const title = localizedRun(m.title, locale, { bold: true });
  const out: Para[] = [para(run(`${m.number}. `, { bold: true }), title, ...(range ? [run(` (${range})`, { bold: true })] : []))];
  for (const s of m.subItems) {
    const r = formatMonthRange(s.start, s.end, t);
    const sub = localizedRun(s.title, locale);
    out.push({ runs: [run('- '), sub, ...(r ? [run(` (${r})`)] : [])], item: true });
  }
  out.push(textPara(t.reports.statusLine(t.status[m.status ?? 'not_reported']), { bold: true }));
  out.push(...localizedParas(m.narrative, locale));
  // An open contestation is part of the status's record (decision 042).
  for (const c of m.contestations.filter((x) => x.state === 'open')) out.push(textPara(t.monitoring.contestedFlag.inReport(c.by, formatDate(c.at, locale), c.comment), { italic: true }));
  return out;
}

/** One commitment in OGP's "Plantilla de cumplimiento": the seed's fields, in the seed's order. */
export function templateTable(c: CommitmentDetail, t: Messages, locale: Locale): Block {
  const is2019 = c.generation === '2019';
  const actorParas: Para[] = [
    textPara(t.commitment.government, { bold: true }),
    ...listParas(c.otherActors.government, locale),
    textPara(t.commitment.civilSociety, { bold: true }),
    ...listParas(c.otherActors.civilSociety, locale),
  ];
  const results: Para[] = [
    ...localizedParas(c.resultsDescription, locale),
    ...(c.milestones.length > 0 ? [textPara(t.reports.milestonesLabel, { bold: true })] : []),
    ...c.milestones.flatMap((m) => milestoneParas(m, t, locale)),
  ];
  const value = (v: LocalizedText | null | undefined) => orNotStated(localizedParas(v, locale), t);
  const rows: Cell[][] = [
    [cell([textPara(t.reports.templateTitle, { bold: true })], { span: SPAN + 1, head: true })],
    row(t.commitment.theme, value(c.theme)),
    [cell([para(run(`${t.commitment.numberTitle(c.number)}: `, { bold: true }), localizedRun(c.title, locale, { bold: true }))], { span: SPAN + 1, head: true })],
    row(t.commitment.dates, orNotStated(formatMonthRange(c.startMonth, c.endMonth, t) ? [textPara(formatMonthRange(c.startMonth, c.endMonth, t) ?? '')] : [], t)),
    row(t.commitment.leadInstitution, value(c.leadInstitution?.name)),
    row(t.commitment.contactName, orNotStated(c.contact?.name ? [textPara(c.contact.name)] : [], t)),
    row(t.commitment.contactTitle, value(c.contact?.title)),
    row(t.commitment.contactEmail, orNotStated(c.contact?.email ? [textPara(c.contact.email)] : [], t)),
    row(t.commitment.contactPhone, orNotStated(c.contact?.phone ? [textPara(c.contact.phone)] : [], t)),
    row(t.commitment.otherActors, actorParas),
    row(is2019 ? t.commitment.problem2019 : t.commitment.problem, value(c.problem)),
    ...(is2019
      ? [row(t.commitment.description, value(c.description)), row(t.commitment.howItSolves, value(c.howItSolves))]
      : [row(t.commitment.objective, value(c.objective)), row(t.commitment.briefDescription, value(c.briefDescription))]),
    row(t.commitment.relevance, value(c.relevance)),
    ...(is2019 ? [] : [row(t.commitment.ambition, value(c.ambition))]),
    // Completion: the four columns, and the mark under the reported one.
    [labelCell(t.commitment.completion), ...COMPLETION_LEVELS.map((level) => cell([textPara(t.status[level], { bold: true })], { head: true, center: true }))],
    [cell([]), ...COMPLETION_LEVELS.map((level) => cell(c.completion === level ? [textPara('X', { bold: true })] : [], { center: true }))],
    row(t.commitment.results, orNotStated(results, t)),
    row(t.commitment.endDate, orNotStated(formatMonth(c.endMonth, t) ? [textPara(formatMonth(c.endMonth, t) ?? '')] : [], t)),
    row(t.commitment.nextSteps, orNotStated(listParas(c.nextSteps, locale), t)),
    row(t.commitment.additionalInformation, localizedParas(c.additionalInformation, locale)),
    row(t.commitment.remainingChallenges, localizedParas(c.remainingChallenges, locale)),
  ];
  return { type: 'table', widths: TEMPLATE_WIDTHS, rows, role: 'template', caption: `${t.commitment.numberTitle(c.number)}: ${textIn(c.title, locale)}` };
}

function summaryTable(data: SelfAssessmentData, t: Messages, locale: Locale): Block {
  const header = [t.reports.summaryCommitment, t.reports.summaryCompletion, t.reports.summaryProgress].map((h) => cell([textPara(h, { bold: true })], { head: true }));
  const rows = data.commitments.map((c) => {
    const percent = progressPercent(c.rollup);
    return [
      cell([para(run(`${c.number}. `), localizedRun(c.title, locale))]),
      cell([textPara(t.status[c.completion ?? 'not_reported'])]),
      cell([textPara(percent === null ? t.rollup.none(c.rollup.total) : t.rollup.figure(percent, c.rollup.reported, c.rollup.total))]),
    ];
  });
  return { type: 'table', widths: [2.8, 1.6, 1.9], rows: [header, ...rows], role: 'summary' };
}

/** A section the secretariat wrote, in Markdown (decision 105). */
function section(heading: string, value: LocalizedText, t: Messages, locale: Locale, id: string): Block[] {
  const body = localizedMarkdown(value, locale);
  return [
    { type: 'heading', level: 1, text: heading, id },
    ...(body.length > 0 ? body : [{ type: 'paragraph' as const, para: textPara(t.reports.sectionEmpty, { italic: true }), muted: true }]),
  ];
}

/** The self-assessment report (mid-term or end-of-term) as a document, in one language. */
export function buildSelfAssessment(data: SelfAssessmentData, t: Messages, locale: Locale): ReportDocument {
  const { plan, sections } = data;
  const planTitle = textIn(plan.title, locale);
  const rollup = plan.rollup;
  const percent = progressPercent(rollup);
  const blocks: Block[] = [
    ...section(t.reports.sections.introduction, sections.introduction, t, locale, 'introduction'),
    ...section(t.reports.sections.coCreation, sections.coCreation, t, locale, 'co-creation'),
    ...section(t.reports.sections.irmRecommendations, sections.irmRecommendations, t, locale, 'irm-recommendations'),
    { type: 'heading', level: 1, text: t.reports.commitmentsHeading, id: 'commitments' },
    { type: 'heading', level: 2, text: t.reports.summaryHeading, id: 'summary' },
    { type: 'paragraph', para: textPara(percent === null ? t.rollup.none(rollup.total) : t.rollup.figure(percent, rollup.reported, rollup.total)) },
    { type: 'paragraph', para: textPara(t.rollup.rule), muted: true },
    summaryTable(data, t, locale),
  ];
  for (const c of data.commitments) {
    blocks.push({ type: 'heading', level: 2, text: `${t.commitment.numberTitle(c.number)}: ${textIn(c.title, locale)}`, id: `commitment-${c.number}` });
    blocks.push(templateTable(c, t, locale));
  }
  blocks.push(...section(t.reports.sections.lessons, sections.lessons, t, locale, 'lessons'));
  blocks.push(...section(t.reports.sections.conclusions, sections.conclusions, t, locale, 'conclusions'));
  const range = formatMonthRange(plan.startMonth, plan.endMonth, t) ?? '';
  const memberName = resolveText(plan.member.name, locale)?.text ?? plan.member.code;
  const secretariat = resolveText(data.secretariat, locale)?.text ?? null;
  return {
    locale,
    title: t.reports.kind[data.kind],
    subtitle: planTitle,
    meta: [t.reports.member(memberName), ...(secretariat ? [t.reports.responsibleInstitution(secretariat)] : []), t.reports.period(range), t.reports.generatedOn(formatDate(data.generatedAt, locale))],
    blocks,
    author: secretariat || memberName,
    fileStem: safeStem(`${t.reports.kind[data.kind]} ${plan.member.code} ${plan.number} ${locale}`),
  };
}
