/**
 * OGP-wide data for the scale benchmark (issue 13): 300 members, 1,500 plans, 20,000 commitments,
 * 120,000 milestones, 3,000 institutions, with es and en texts built from OGP-like phrases.
 * Everything is generated inside the database with `generate_series` (one SQL for PGlite and
 * PostgreSQL), deterministically (same data on every run), into a database without members.
 *
 *   npx tsx bench/ogp-scale.ts               # into the app's database (DATABASE_URL, else DATA_DIR's PGlite)
 *   DATABASE_URL=postgres://… npx tsx bench/ogp-scale.ts
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';

export const SCALE = { members: 300, plansPerMember: 5, commitments: 20_000, milestonesPerCommitment: 6, institutionsPerMember: 10 } as const;

const REGIONS = ['Africa and Middle East', 'Americas', 'Asia and the Pacific', 'Europe'];

/** [es, en] topics, objects and verbs: titles read like OGP commitments in both languages. */
const TOPICS: [string, string][] = [
  ['transparencia fiscal', 'fiscal transparency'],
  ['datos abiertos', 'open data'],
  ['participación ciudadana', 'citizen participation'],
  ['contrataciones abiertas', 'open contracting'],
  ['acceso a la información pública', 'access to public information'],
  ['beneficiarios finales', 'beneficial ownership'],
  ['justicia abierta', 'open justice'],
  ['parlamento abierto', 'open parliament'],
  ['presupuesto participativo', 'participatory budgeting'],
  ['integridad pública', 'public integrity'],
  ['gobierno digital', 'digital government'],
  ['monitoreo ciudadano de obras públicas', 'citizen monitoring of public works'],
  ['institucionalización del gobierno abierto', 'institutionalization of open government'],
  ['rendición de cuentas municipal', 'municipal accountability'],
  ['salud y nutrición', 'health and nutrition'],
  ['educación inclusiva', 'inclusive education'],
  ['agua y saneamiento', 'water and sanitation'],
  ['industrias extractivas', 'extractive industries'],
  ['cambio climático', 'climate change'],
  ['igualdad de género', 'gender equality'],
];
const VERBS: [string, string][] = [
  ['Fortalecer', 'Strengthen'],
  ['Crear un portal de', 'Create a portal for'],
  ['Publicar información sobre', 'Publish information on'],
  ['Promover la', 'Promote'],
  ['Institucionalizar la', 'Institutionalize'],
  ['Mejorar los mecanismos de', 'Improve the mechanisms of'],
  ['Diseñar una política de', 'Design a policy on'],
];
const STEPS: [string, string][] = [
  ['Diagnóstico y línea de base', 'Diagnosis and baseline'],
  ['Mesa de trabajo con la sociedad civil', 'Working group with civil society'],
  ['Publicación del primer reporte', 'Publication of the first report'],
  ['Lanzamiento de la plataforma', 'Launch of the platform'],
  ['Capacitación a funcionarios', 'Training for public officials'],
  ['Evaluación y monitoreos trimestrales', 'Evaluation and quarterly monitoring'],
  ['Aprobación de la normativa', 'Approval of the regulation'],
];
const INSTITUTIONS: [string, string][] = [
  ['Ministerio de Hacienda', 'Ministry of Finance'],
  ['Ministerio de Salud', 'Ministry of Health'],
  ['Ministerio de Educación', 'Ministry of Education'],
  ['Contraloría General', 'Office of the Comptroller General'],
  ['Consejo para la Transparencia', 'Transparency Council'],
  ['Secretaría de Gobierno Digital', 'Digital Government Secretariat'],
  ['Ministerio de Medio Ambiente', 'Ministry of the Environment'],
  ['Poder Judicial', 'Judiciary'],
  ['Congreso Nacional', 'National Congress'],
  ['Instituto Nacional de Estadística', 'National Statistics Institute'],
];

const arr = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`);
const es = <T extends [string, string]>(xs: T[]) => arr(xs.map((x) => x[0]));
const en = <T extends [string, string]>(xs: T[]) => arr(xs.map((x) => x[1]));

/** Fills the database; refuses one that already has members. Returns the counts. */
export async function generateOgpScale(db: Database, log: (line: string) => void = () => {}): Promise<Record<string, number>> {
  const run = async (label: string, q: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    await db.execute(q);
    log(`${label}: ${Math.round(performance.now() - t0)} ms`);
  };
  const existing = (await db.execute(sql`select count(*)::int as n from members`)) as unknown as { rows: { n: number }[] };
  if (Number(existing.rows[0]!.n) > 0) throw new Error('the database already has members: generate into an empty database');
  const perPlanBase = Math.floor(SCALE.commitments / (SCALE.members * SCALE.plansPerMember));
  const extra = SCALE.commitments - perPlanBase * SCALE.members * SCALE.plansPerMember;

  await run(
    'members',
    sql`insert into members (code, name, kind, country_code)
        select 'M' || lpad(g::text, 3, '0'), jsonb_build_object('es', 'Miembro ' || g, 'en', 'Member ' || g),
               (case when g <= 80 then 'national' else 'local' end)::member_kind, null
        from generate_series(1, ${SCALE.members}) g`,
  );
  await run(
    'institutions',
    sql`insert into institutions (member_id, name, name_key)
        select mb.id, jsonb_build_object('es', (${es(INSTITUTIONS)})[i] || ' ' || mb.code, 'en', (${en(INSTITUTIONS)})[i] || ' ' || mb.code),
               abierto_fold((${es(INSTITUTIONS)})[i] || ' ' || mb.code)
        from members mb, generate_series(1, ${SCALE.institutionsPerMember}) i order by mb.id, i`,
  );
  await run(
    'plans',
    sql`insert into action_plans (member_id, number, title, start_month, end_month, phase, description)
        select mb.id, n,
          jsonb_build_object('es', n || '.º Plan de Acción de Gobierno Abierto ' || (2012 + 2 * n) || '–' || (2014 + 2 * n) || ' (' || mb.code || ')',
                             'en', 'Open Government Action Plan ' || n || ', ' || (2012 + 2 * n) || '–' || (2014 + 2 * n) || ' (' || mb.code || ')'),
          (2012 + 2 * n)::text || '-09', (2014 + 2 * n)::text || '-08',
          (case when n = ${SCALE.plansPerMember} then 'implementation' else 'closed' end)::plan_phase,
          jsonb_build_object('es', 'Plan generado para medir la plataforma a escala de OGP.', 'en', 'A plan generated to measure the platform at OGP scale.')
        from members mb, generate_series(1, ${SCALE.plansPerMember}) n order by mb.id, n`,
  );
  await run(
    'commitments',
    sql`insert into commitments (plan_id, number, position, ogp_id, title, theme, start_month, end_month, lead_institution_id,
          problem, objective, brief_description, value_access_to_information, value_civic_participation, value_public_accountability, value_technology_innovation, completion)
        select p.id, k::text, k * 1000, null,
          jsonb_build_object('es', (${es(VERBS)})[1 + (p.id * 7 + k) % ${VERBS.length}] || ' ' || (${es(TOPICS)})[1 + (p.id * 3 + k * 5) % ${TOPICS.length}] || ' ' || k,
                             'en', (${en(VERBS)})[1 + (p.id * 7 + k) % ${VERBS.length}] || ' ' || (${en(TOPICS)})[1 + (p.id * 3 + k * 5) % ${TOPICS.length}] || ' ' || k),
          jsonb_build_object('es', initcap((${es(TOPICS)})[1 + (p.id + k) % ${TOPICS.length}]), 'en', initcap((${en(TOPICS)})[1 + (p.id + k) % ${TOPICS.length}])),
          p.start_month, p.end_month,
          i.id,
          jsonb_build_object('es', 'La ciudadanía no cuenta con información oportuna sobre ' || (${es(TOPICS)})[1 + (p.id * 3 + k * 5) % ${TOPICS.length}] || ', lo que limita su participación y el control social de la gestión pública.',
                             'en', 'Citizens lack timely information on ' || (${en(TOPICS)})[1 + (p.id * 3 + k * 5) % ${TOPICS.length}] || ', which limits their participation and oversight of public management.'),
          jsonb_build_object('es', (${es(VERBS)})[1 + (p.id + k * 3) % ${VERBS.length}] || ' ' || (${es(TOPICS)})[1 + (p.id * 11 + k) % ${TOPICS.length}] || ' con la sociedad civil.', 'en', (${en(VERBS)})[1 + (p.id + k * 3) % ${VERBS.length}] || ' ' || (${en(TOPICS)})[1 + (p.id * 11 + k) % ${TOPICS.length}] || ' with civil society.'),
          jsonb_build_object('es', 'Un compromiso para abrir datos, rendir cuentas y crear espacios de participación.', 'en', 'A commitment to open data, account for results and create spaces for participation.'),
          (k % 2 = 0), (k % 3 = 0), (k % 4 <> 1), (k % 5 = 0),
          (case (p.id + k) % 5 when 0 then null when 1 then 'not_started' when 2 then 'limited' when 3 then 'substantial' else 'complete' end)::completion_level
        from (select p.*, row_number() over (order by p.id) as r from action_plans p) p
             cross join lateral generate_series(1, ${perPlanBase} + (case when p.r <= ${extra} then 1 else 0 end)) k
             join (select id, member_id, (row_number() over (partition by member_id order by id) - 1)::int as r from institutions) i
               on i.member_id = p.member_id and i.r = k % ${SCALE.institutionsPerMember}
        order by p.id, k`,
  );
  await run(
    'milestones',
    sql`insert into milestones (commitment_id, number, title, planned_start, planned_end, status, narrative)
        select c.id, n,
          jsonb_build_object('es', (${es(STEPS)})[1 + (c.id + n) % ${STEPS.length}], 'en', (${en(STEPS)})[1 + (c.id + n) % ${STEPS.length}]),
          c.start_month,
          to_char(to_date(c.start_month || '-01', 'YYYY-MM-DD') + make_interval(months => n * 4 - 1), 'YYYY-MM'),
          (case (c.id * 7 + n) % 6 when 0 then null when 1 then 'not_started' when 2 then 'limited' when 3 then 'substantial' else 'complete' end)::completion_level,
          jsonb_build_object('es', 'Avance reportado por la institución responsable en la meta ' || n || '.', 'en', 'Progress reported by the lead institution on milestone ' || n || '.')
        from commitments c, generate_series(1, ${SCALE.milestonesPerCommitment}) n order by c.id, n`,
  );
  await run(
    'regions',
    sql`insert into ogp_commitment_records (commitment_id, language, raw)
        select distinct on (p.member_id) c.id, 'en', jsonb_build_object('Region', (${arr(REGIONS)})[1 + p.member_id % ${REGIONS.length}])
        from commitments c join action_plans p on p.id = c.plan_id order by p.member_id, c.id`,
  );
  await run('analyze', sql`analyze`);
  const counts: Record<string, number> = {};
  for (const table of ['members', 'action_plans', 'institutions', 'commitments', 'milestones']) {
    const r = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)) as unknown as { rows: { n: number }[] };
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const { openDatabase } = await import('../src/db/client.js');
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' });
  await database.migrate();
  try {
    console.log(await generateOgpScale(database.db, (l) => console.error(l)));
  } finally {
    await database.close();
  }
}
