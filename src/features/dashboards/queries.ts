import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { CompletionLevel } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { Month } from '../../lib/month.js';
import { combineRollups, rollup, type Rollup } from '../commitments/rollup.js';
import { isDelayed } from '../milestones/rules.js';
import { contestedSql } from '../search/queries.js';
import { OGP_VALUES, type OgpValue } from '../search/schemas.js';

type Row = Record<string, unknown>;
async function rows(db: Executor, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}
const loc = (v: unknown): LocalizedText => (v && typeof v === 'object' ? (v as LocalizedText) : {});

export interface DashboardMilestone {
  id: number;
  commitmentId: number;
  commitmentNumber: string;
  number: number;
  title: LocalizedText;
  plannedStart: Month | null;
  plannedEnd: Month | null;
  status: CompletionLevel | null;
  delayed: boolean;
  contested: boolean;
}

export interface DashboardCommitment {
  id: number;
  number: string;
  title: LocalizedText;
  theme: LocalizedText;
  lead: { id: number; name: LocalizedText } | null;
  values: OgpValue[];
  areas: { slug: string; name: LocalizedText; group: string | null }[];
  rollup: Rollup;
}

export interface Group {
  key: string;
  label: LocalizedText;
  commitments: number;
  rollup: Rollup;
}

export interface PlanDashboard {
  plan: { id: number; title: LocalizedText; startMonth: Month; endMonth: Month; member: { code: string; name: LocalizedText } };
  rollup: Rollup;
  commitments: DashboardCommitment[];
  milestones: DashboardMilestone[];
  byInstitution: Group[];
  byTheme: Group[];
  byValue: Group[];
  byArea: Group[];
}

function groupBy(list: DashboardCommitment[], keys: (c: DashboardCommitment) => { key: string; label: LocalizedText }[]): Group[] {
  const groups = new Map<string, { label: LocalizedText; parts: Rollup[] }>();
  for (const c of list) {
    for (const k of keys(c)) {
      if (!groups.has(k.key)) groups.set(k.key, { label: k.label, parts: [] });
      groups.get(k.key)!.parts.push(c.rollup);
    }
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, label: g.label, commitments: g.parts.length, rollup: combineRollups(g.parts) }))
    .sort((a, b) => b.commitments - a.commitments || a.key.localeCompare(b.key));
}

const VALUE_LABELS: Record<OgpValue, LocalizedText> = {
  access_to_information: { es: 'Acceso a la información', en: 'Access to information' },
  civic_participation: { es: 'Participación cívica', en: 'Civic participation' },
  public_accountability: { es: 'Rendición de cuentas pública', en: 'Public accountability' },
  technology_innovation: { es: 'Tecnología e innovación', en: 'Technology and innovation' },
};

/** Everything a plan's dashboard and timeline show, from four queries. */
export async function planDashboard(db: Executor, planId: number, now: Date): Promise<PlanDashboard | null> {
  const [p] = await rows(
    db,
    sql`select p.id, p.title, p.start_month, p.end_month, mb.code, mb.name as member_name from action_plans p join members mb on mb.id = p.member_id where p.id = ${planId}`,
  );
  if (!p) return null;
  const cs = await rows(
    db,
    sql`select c.id, c.number, c.title, c.theme, c.value_access_to_information, c.value_civic_participation, c.value_public_accountability, c.value_technology_innovation,
          i.id as lead_id, i.name as lead_name
        from commitments c left join institutions i on i.id = c.lead_institution_id where c.plan_id = ${planId} order by c.position, c.number, c.id`,
  );
  const ms = await rows(
    db,
    sql`select m.id, m.commitment_id, c.number as commitment_number, m.number, m.title, m.planned_start, m.planned_end, m.status, ${contestedSql('m')} as contested
        from milestones m join commitments c on c.id = m.commitment_id where c.plan_id = ${planId} and m.removed_at is null order by c.position, c.number, m.number, m.id`,
  );
  const areas = await rows(
    db,
    sql`select cpa.commitment_id, pa.slug, pa.name, pa.group_slug from commitment_policy_areas cpa join policy_areas pa on pa.slug = cpa.policy_area_slug
        join commitments c on c.id = cpa.commitment_id where c.plan_id = ${planId} order by cpa.commitment_id, pa.position, pa.slug`,
  );
  const milestones: DashboardMilestone[] = ms.map((r) => {
    const status = (r.status as CompletionLevel | null) ?? null;
    const plannedEnd = (r.planned_end as Month | null) ?? null;
    return {
      id: Number(r.id),
      commitmentId: Number(r.commitment_id),
      commitmentNumber: String(r.commitment_number),
      number: Number(r.number),
      title: loc(r.title),
      plannedStart: (r.planned_start as Month | null) ?? null,
      plannedEnd,
      status,
      delayed: isDelayed({ plannedEnd, status }, now),
      contested: r.contested === true,
    };
  });
  const commitments: DashboardCommitment[] = cs.map((r) => {
    const id = Number(r.id);
    const values = OGP_VALUES.filter((v) => r[`value_${v}`] === true);
    return {
      id,
      number: String(r.number),
      title: loc(r.title),
      theme: loc(r.theme),
      lead: r.lead_id === null || r.lead_id === undefined ? null : { id: Number(r.lead_id), name: loc(r.lead_name) },
      values,
      areas: areas.filter((a) => Number(a.commitment_id) === id).map((a) => ({ slug: String(a.slug), name: loc(a.name), group: (a.group_slug as string | null) ?? null })),
      rollup: rollup(
        milestones.filter((m) => m.commitmentId === id),
        now,
      ),
    };
  });
  const none: LocalizedText = { es: 'Sin indicar', en: 'Not given' };
  return {
    plan: { id: Number(p.id), title: loc(p.title), startMonth: p.start_month as Month, endMonth: p.end_month as Month, member: { code: String(p.code), name: loc(p.member_name) } },
    rollup: combineRollups(commitments.map((c) => c.rollup)),
    commitments,
    milestones,
    byInstitution: groupBy(commitments, (c) => [c.lead ? { key: `i${c.lead.id}`, label: c.lead.name } : { key: '~', label: none }]),
    byTheme: groupBy(commitments, (c) => {
      const label = c.theme.es ?? c.theme.en ?? '';
      return [label.trim() === '' ? { key: '~', label: none } : { key: label.trim().toLowerCase(), label: c.theme }];
    }),
    byValue: groupBy(commitments, (c) => c.values.map((v) => ({ key: v, label: VALUE_LABELS[v] }))),
    byArea: groupBy(commitments, (c) => c.areas.map((a) => ({ key: a.slug, label: a.name }))),
  };
}
