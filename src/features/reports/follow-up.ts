import type { followUpReports } from '../../db/schema/index.js';
import type { FollowUpSnapshotRow } from '../../db/schema/reports.js';
import type { Messages } from '../../i18n/index.js';
import type { CompletionLevel, Locale } from '../../lib/levels.js';
import { resolveText, textIn, type LocalizedText } from '../../lib/localized.js';
import { formatDate, formatMonthRange } from '../../ui/format.js';
import { ROLLUP_KEYS } from '../commitments/rollup.js';
import { localizedMarkdown } from './markdown.js';
import { cell, localizedParas, localizedRun, para, run, safeStem, textPara, type Block, type Cell, type ChartBar, type Para, type ReportDocument } from './document.js';

type ReportRow = typeof followUpReports.$inferSelect;
export interface FollowUpData {
  report: ReportRow;
  snapshot: FollowUpSnapshotRow[];
  previous: { report: ReportRow; snapshot: FollowUpSnapshotRow[] } | null;
  memberName: string;
  /** The institution that holds the member's secretariat: the document's author (the member's name when absent). */
  secretariat?: LocalizedText | null;
}

/** Colours of the statuses, the same as the roll-up bar of the pages. */
export const STATUS_COLORS: Record<CompletionLevel | 'not_reported', string> = {
  complete: '#1e6b2e',
  substantial: '#2f7fb8',
  limited: '#c27c0e',
  not_started: '#b03a2e',
  not_reported: '#d9d9d9',
};

type Milestone = FollowUpSnapshotRow & { milestoneNumber: number };

function key(r: FollowUpSnapshotRow): string {
  return r.milestoneId !== null ? `id:${r.milestoneId}` : `n:${r.commitmentNumber}/${r.milestoneNumber}`;
}

export interface FollowUpChanges {
  statusChanges: { now: Milestone; before: Milestone }[];
  newlyDelayed: Milestone[];
  completed: Milestone[];
  added: Milestone[];
}

/** What changed between two snapshots: status changes, milestones newly delayed, newly completed, new ones. */
export function compareSnapshots(now: FollowUpSnapshotRow[], before: FollowUpSnapshotRow[] | null): FollowUpChanges {
  const current = now.filter((r): r is Milestone => r.milestoneNumber !== null);
  const previous = new Map((before ?? []).filter((r): r is Milestone => r.milestoneNumber !== null).map((r) => [key(r), r]));
  const changes: FollowUpChanges = { statusChanges: [], newlyDelayed: [], completed: [], added: [] };
  for (const m of current) {
    const b = previous.get(key(m));
    if (before !== null && !b) changes.added.push(m);
    if (b && b.status !== m.status) changes.statusChanges.push({ now: m, before: b });
    if (m.delayed && (!b || !b.delayed)) changes.newlyDelayed.push(m);
    if (m.status === 'complete' && (!b || b.status !== 'complete')) changes.completed.push(m);
  }
  return changes;
}

export function statusCounts(rows: FollowUpSnapshotRow[]): Record<CompletionLevel | 'not_reported', number> {
  const counts = { not_started: 0, limited: 0, substantial: 0, complete: 0, not_reported: 0 };
  for (const r of rows) if (r.milestoneNumber !== null) counts[r.status ?? 'not_reported'] += 1;
  return counts;
}

function milestoneName(m: Milestone, t: Messages, locale: Locale): Cell {
  return cell([para(run(`${t.commitment.numberTitle(m.commitmentNumber)} · ${t.milestone.number(m.milestoneNumber)}: `, { bold: true }), localizedRun(m.milestoneTitle, locale))]);
}

function group(title: string, header: string[], rows: Cell[][], t: Messages): Block[] {
  if (rows.length === 0) return [{ type: 'heading', level: 2, text: title }, { type: 'paragraph', para: textPara(t.reports.followUp.noneInGroup), muted: true }];
  return [
    { type: 'heading', level: 2, text: title },
    { type: 'table', widths: header.length === 3 ? [3, 1, 1] : [3, 1], rows: [header.map((h) => cell([textPara(h, { bold: true })], { head: true })), ...rows], role: 'changes', caption: title },
  ];
}

/** The verified report's public narrative, its as-of date and its evidence (issue 8): what the public reads on the milestone. */
function verifiedParas(r: FollowUpSnapshotRow, f: Messages['reports']['followUp'], locale: Locale): Para[] {
  if (!r.verifiedAsOf) return [];
  const out: Para[] = [textPara(f.verifiedAsOf(formatDate(r.verifiedAsOf, locale)), { italic: true }), ...localizedParas(r.verifiedNarrative, locale)];
  if (r.verifiedEvidence.length > 0) {
    out.push(textPara(f.evidence, { italic: true }));
    for (const e of r.verifiedEvidence) {
      const title = localizedRun(e.title, locale);
      out.push({ runs: [run('- '), title, ...(title.text === e.href ? [] : [run(` (${e.href})`)])], item: true });
    }
  }
  return out;
}

/** A published follow-up report as a document. */
export function buildFollowUpReport(data: FollowUpData, t: Messages, locale: Locale): ReportDocument {
  const { report, snapshot, previous } = data;
  const f = t.reports.followUp;
  const status = (s: CompletionLevel | null) => t.status[s ?? 'not_reported'];
  const counts = statusCounts(snapshot);
  const total = ROLLUP_KEYS.reduce((a, k) => a + counts[k], 0);
  const bars: ChartBar[] = ROLLUP_KEYS.map((k) => ({ key: k, label: t.status[k], value: counts[k], color: STATUS_COLORS[k] }));
  const changes = compareSnapshots(snapshot, previous?.snapshot ?? null);
  const blocks: Block[] = [];
  const note = localizedMarkdown(report.note, locale);
  if (note.length > 0) blocks.push({ type: 'heading', level: 1, text: f.note }, ...note);
  blocks.push({ type: 'heading', level: 1, text: f.chartTitle, id: 'summary' });
  blocks.push({ type: 'chart', title: f.chartTitle, bars, total });
  blocks.push({ type: 'heading', level: 1, text: f.changesHeading, id: 'changes' });
  if (!previous) blocks.push({ type: 'paragraph', para: textPara(f.first), muted: true });
  else {
    blocks.push({ type: 'paragraph', para: textPara(f.changesSince(previous.report.number, formatDate(previous.report.cutOffDate, locale))), muted: true });
    blocks.push(
      ...group(
        f.statusChanges,
        [f.milestone, f.from, f.to],
        changes.statusChanges.map((c) => [milestoneName(c.now, t, locale), cell([textPara(status(c.before.status))]), cell([textPara(status(c.now.status), { bold: true })])]),
        t,
      ),
    );
    blocks.push(...group(f.added, [f.milestone, t.milestone.status], changes.added.map((m) => [milestoneName(m, t, locale), cell([textPara(status(m.status))])]), t));
  }
  blocks.push(...group(f.newlyDelayed, [f.milestone, t.milestone.status], changes.newlyDelayed.map((m) => [milestoneName(m, t, locale), cell([textPara(status(m.status))])]), t));
  blocks.push(...group(f.completed, [f.milestone, t.milestone.status], changes.completed.map((m) => [milestoneName(m, t, locale), cell([textPara(status(m.status))])]), t));

  const contested = snapshot.filter((r): r is Milestone => r.milestoneNumber !== null && r.contested);
  blocks.push(...group(t.monitoring.contestedFlag.heading, [f.milestone, t.milestone.status], contested.map((m) => [milestoneName(m, t, locale), cell([textPara(status(m.status))])]), t));
  blocks.push({ type: 'heading', level: 1, text: f.statusHeading, id: 'milestones' });
  const header = [f.milestone, t.milestone.planned, t.milestone.status].map((h) => cell([textPara(h, { bold: true })], { head: true }));
  const rows: Cell[][] = [header];
  let lastCommitment = '';
  for (const r of snapshot) {
    if (r.commitmentNumber !== lastCommitment) {
      lastCommitment = r.commitmentNumber;
      rows.push([
        cell([para(run(`${t.commitment.numberTitle(r.commitmentNumber)}: `, { bold: true }), localizedRun(r.commitmentTitle, locale, { bold: true }))], { span: 3, head: true }),
      ]);
    }
    if (r.milestoneNumber === null) continue;
    const range = formatMonthRange(r.plannedStart, r.plannedEnd, t) ?? t.milestone.noDates;
    rows.push([
      cell([para(run(`${t.milestone.number(r.milestoneNumber)}: `), localizedRun(r.milestoneTitle, locale))]),
      cell([textPara(range)]),
      cell([
        textPara(`${status(r.status)}${r.delayed ? ` (${f.delayedYes})` : ''}${r.contested ? ` (${t.monitoring.provenance.contestedBadge})` : ''}`, { bold: r.delayed || r.contested }),
        ...verifiedParas(r, f, locale),
      ]),
    ]);
  }
  blocks.push({ type: 'table', widths: [3, 1.4, 1.2], rows, role: 'summary', caption: f.statusHeading });

  const title = f.title(report.number);
  const secretariat = resolveText(data.secretariat, locale)?.text ?? null;
  return {
    locale,
    title,
    subtitle: textIn(report.planTitle, locale),
    meta: [t.reports.member(data.memberName), ...(secretariat ? [t.reports.responsibleInstitution(secretariat)] : []), f.cutOff(formatDate(report.cutOffDate, locale)), f.publishedOn(formatDate(report.publishedAt, locale))],
    blocks,
    author: secretariat || data.memberName,
    fileStem: safeStem(`${title} ${textIn(report.planTitle, 'es').slice(0, 40)} ${locale}`),
  };
}
