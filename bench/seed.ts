import type { Database } from '../src/db/client.js';
import { importParsedCommitments } from '../src/features/ingest/commands.js';
import type { ParsedCommitment, ParsedMilestone } from '../src/features/ingest/parsed.js';
import { ensureMember, ensurePlan } from '../src/features/plans/commands.js';
import type { CompletionLevel } from '../src/lib/levels.js';
import { month, type Month } from '../src/lib/month.js';

/**
 * A realistic action plan for the benchmark: 60 commitments × 6 milestones in Spanish, texts of
 * the length real OGP templates have (titles ~100 characters, paragraphs ~600, narratives ~800),
 * mixed statuses (including "not reported"), planned months over 2016–2018. Deterministic: the
 * same seed gives the same plan, so runs compare.
 */

export const BENCH_COMMITMENTS = 60;
export const BENCH_MILESTONES = 6;

/** mulberry32: a small seeded generator, enough for varied but repeatable texts. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

const MONTH_NAMES = ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'];

const ACTIONS = [
  'Fortalecimiento',
  'Implementación',
  'Creación',
  'Diseño participativo',
  'Publicación en formato abierto',
  'Modernización',
  'Institucionalización',
  'Desarrollo',
];
const OBJECTS = [
  'la plataforma de datos abiertos del Estado',
  'el sistema de compras públicas y contratos',
  'los mecanismos de participación ciudadana en salud',
  'la transparencia presupuestaria municipal',
  'el registro público de beneficiarios finales',
  'la política nacional de archivos',
  'los consejos de la sociedad civil',
  'el portal de lobby y gestión de intereses',
  'la rendición de cuentas del sector educación',
  'el acceso a la justicia en regiones',
  'la información ambiental de proyectos de inversión',
  'el monitoreo ciudadano de obras públicas',
];
const QUALIFIERS = [
  'con enfoque de género y pertinencia territorial',
  'para mejorar la confianza en las instituciones públicas',
  'mediante estándares internacionales de datos abiertos',
  'con participación de organizaciones de la sociedad civil',
  'en los gobiernos regionales y municipalidades del país',
  'para facilitar el control social de los recursos públicos',
];
const THEMES = [
  'Transparencia y acceso a la información',
  'Participación ciudadana',
  'Rendición de cuentas',
  'Integridad pública',
  'Datos abiertos',
  'Justicia abierta',
  'Medio ambiente y recursos naturales',
  'Gobierno abierto subnacional',
];
const INSTITUTIONS = [
  'Ministerio Secretaría General de la Presidencia',
  'Consejo para la Transparencia',
  'Ministerio de Hacienda',
  'Dirección de Compras y Contratación Pública',
  'Ministerio de Desarrollo Social y Familia',
  'Ministerio del Medio Ambiente',
  'Subsecretaría de Desarrollo Regional y Administrativo',
  'Ministerio de Justicia y Derechos Humanos',
  'Archivo Nacional',
  'Contraloría General de la República',
];
const FIRST_NAMES = ['María José', 'Rodrigo', 'Carolina', 'Felipe', 'Valentina', 'Andrés', 'Francisca', 'Ignacio', 'Javiera', 'Sebastián'];
const LAST_NAMES = ['González', 'Muñoz', 'Rojas', 'Díaz', 'Pérez', 'Soto', 'Contreras', 'Silva', 'Martínez', 'Sepúlveda', 'Morales', 'Fuentes'];
const POSITIONS = ['Jefa de División', 'Coordinador de Gobierno Abierto', 'Encargada de Transparencia', 'Asesor de Gabinete', 'Jefe de Departamento'];
const CIVIL_SOCIETY = [
  'Red Chilena de Gobierno Abierto',
  'Fundación Ciudadanía Inteligente',
  'Chile Transparente',
  'Espacio Público',
  'Observatorio Fiscal',
  'Fundación Multitudes',
  'Asociación de Municipalidades',
];

/** Sentences to build paragraphs from; each ends with a period and a space is added between them. */
const SENTENCES = [
  'Actualmente la información pública relevante se encuentra dispersa en distintos portales institucionales, con formatos heterogéneos que dificultan su reutilización por parte de la ciudadanía.',
  'Diversos estudios de percepción muestran que la confianza de la población en las instituciones del Estado ha disminuido de manera sostenida durante la última década.',
  'Las organizaciones de la sociedad civil han manifestado la necesidad de contar con espacios formales y permanentes de diálogo con las autoridades responsables.',
  'Los gobiernos locales no cuentan con capacidades técnicas ni recursos suficientes para cumplir con los estándares de transparencia activa exigidos por la ley.',
  'El compromiso busca establecer un estándar común de publicación que permita comparar la información entre servicios públicos y a lo largo del tiempo.',
  'Para ello se conformará una mesa de trabajo con representantes del gobierno, la academia y la sociedad civil, que sesionará al menos una vez por trimestre.',
  'Se elaborará una guía metodológica y se capacitará a los funcionarios encargados de la publicación de datos en cada una de las instituciones participantes.',
  'La plataforma permitirá a cualquier persona descargar la información en formatos abiertos, reutilizables y legibles por máquina, sin necesidad de registro previo.',
  'El compromiso es relevante para el valor de acceso a la información, porque amplía la cantidad y calidad de los datos disponibles para la ciudadanía.',
  'Asimismo contribuye a la rendición de cuentas, ya que facilita el control social sobre el uso de los recursos públicos y el cumplimiento de las metas comprometidas.',
  'La participación ciudadana se fortalece al incorporar mecanismos de consulta y retroalimentación en el diseño y la evaluación de las políticas públicas.',
  'Se espera que al término del plan de acción al menos el ochenta por ciento de los servicios públicos publique su información conforme al nuevo estándar.',
  'El principal desafío consiste en asegurar la sostenibilidad de las iniciativas más allá del ciclo político y de los cambios de autoridades.',
  'La ambición del compromiso radica en transformar una práctica voluntaria y dispersa en una obligación institucional, medible y verificable por terceros.',
  'Durante el periodo se realizaron talleres en las dieciséis regiones del país, con la asistencia de más de mil doscientas personas de organizaciones territoriales.',
  'Los resultados preliminares fueron presentados ante el Foro de Gobierno Abierto, que formuló observaciones incorporadas en la versión final del documento.',
];

const NARRATIVE_SENTENCES = [
  'Durante el periodo de implementación se constituyó el equipo responsable y se definió un cronograma de trabajo validado por las autoridades del servicio.',
  'La actividad se desarrolló conforme a lo planificado, aunque la coordinación entre las instituciones involucradas requirió más tiempo del previsto inicialmente.',
  'Se realizaron cinco sesiones de trabajo con organizaciones de la sociedad civil, cuyas actas se encuentran publicadas en el sitio web del ministerio.',
  'El documento final fue aprobado mediante resolución exenta y se encuentra disponible para su consulta en el portal de gobierno abierto.',
  'Como medio de verificación se adjuntan las listas de asistencia, los informes de avance trimestrales y el enlace a la plataforma en funcionamiento.',
  'La licitación para el desarrollo tecnológico fue adjudicada en el segundo semestre, lo que permitió iniciar la etapa de pruebas con usuarios reales.',
  'Los cambios de autoridades y las restricciones presupuestarias del año afectaron el ritmo de avance de esta actividad, que deberá continuar en el próximo plan.',
  'Se capacitó a ciento veinte funcionarios de distintos servicios públicos en el uso del nuevo estándar y en la publicación de conjuntos de datos.',
  'La evaluación de la actividad por parte de los participantes fue positiva, destacando la apertura del proceso y la calidad de la información entregada.',
  'Queda pendiente la publicación del informe final de resultados, que se encuentra en revisión por parte de la contraparte técnica del compromiso.',
];

const NEXT_STEPS = [
  'Ampliar la cobertura de la plataforma a los gobiernos regionales y municipalidades',
  'Institucionalizar la mesa de trabajo mediante un decreto que asegure su continuidad',
  'Publicar un informe anual de cumplimiento con indicadores verificables',
  'Incorporar la retroalimentación de los usuarios en una nueva versión del estándar',
  'Capacitar a los nuevos equipos de los servicios que se incorporen al compromiso',
  'Evaluar el impacto del compromiso con apoyo de una institución académica independiente',
];

/** Joins sentences (cycling from a random one) until the paragraph reaches about `target` characters. */
function paragraph(r: Rand, pool: readonly string[], target: number): string {
  let start = Math.floor(r() * pool.length);
  let out = '';
  while (out.length < target - 60) {
    const s = pool[start % pool.length] as string;
    start += 1 + Math.floor(r() * 3);
    out = out ? `${out} ${s}` : s;
  }
  return out;
}

/** "de" + article, with the contraction Spanish requires ("de el" → "del"). */
function of(phrase: string): string {
  return phrase.startsWith('el ') ? `del ${phrase.slice(3)}` : `de ${phrase}`;
}

/** About 100 characters: action, object and the first qualifier (from a random one) that keeps it under 115. */
function title(r: Rand): string {
  const base = `${pick(r, ACTIONS)} ${of(pick(r, OBJECTS))}`;
  const first = Math.floor(r() * QUALIFIERS.length);
  for (let i = 0; i < QUALIFIERS.length; i += 1) {
    const t = `${base} ${QUALIFIERS[(first + i) % QUALIFIERS.length] as string}`;
    if (t.length <= 115) return t;
  }
  return base;
}

function addMonths(m: Month, n: number): Month {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  const index = y * 12 + (mm - 1) + n;
  return month(Math.floor(index / 12), (index % 12) + 1);
}

function monthText(m: Month): string {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[mm - 1]} ${y}`;
}

const STATUSES: readonly (CompletionLevel | null)[] = ['complete', 'complete', 'substantial', 'limited', 'not_started', null];

function milestone(r: Rand, n: number, commitmentStart: Month): ParsedMilestone {
  // Six consecutive windows of 2–5 months from the commitment's start: all within 2016–2018.
  const start = addMonths(commitmentStart, (n - 1) * 3 + Math.floor(r() * 2));
  const end = addMonths(start, 2 + Math.floor(r() * 3));
  const status = pick(r, STATUSES);
  const delayed = status === null ? null : status === 'complete' ? (r() < 0.3 ? true : false) : r() < 0.5 ? true : null;
  const actionTitle = `${pick(r, ['Diseño', 'Elaboración', 'Publicación', 'Implementación', 'Evaluación', 'Difusión'])} ${of(pick(r, OBJECTS))}`;
  const dateText = `${monthText(start)} a ${monthText(end)}`;
  return {
    number: n,
    title: `${actionTitle} (${dateText})`,
    subItems: r() < 0.4 ? [{ title: 'Levantamiento de información con los servicios participantes', start, end: addMonths(start, 1) }] : [],
    start,
    end,
    dateText,
    status,
    narrative: status === null ? '' : paragraph(r, NARRATIVE_SENTENCES, 800),
    reportedDelayed: delayed,
    delayNote: delayed === true ? 'Su retraso se debe a la demora en la firma de los convenios de colaboración entre las instituciones.' : delayed === false ? 'La actividad no se encuentra con retraso.' : null,
  };
}

function commitment(r: Rand, n: number): ParsedCommitment {
  const start = month(2016, 7 + Math.floor(r() * 6));
  const end = addMonths(start, 22 + Math.floor(r() * 3)); // mid/late 2018
  const first = pick(r, FIRST_NAMES);
  const last = `${pick(r, LAST_NAMES)} ${pick(r, LAST_NAMES)}`;
  const completion = pick(r, STATUSES);
  return {
    language: 'es',
    generation: '2014',
    number: n,
    title: title(r),
    theme: pick(r, THEMES),
    start,
    end,
    dateText: `${monthText(start)} a ${monthText(end)}`,
    leadInstitution: pick(r, INSTITUTIONS),
    contact: {
      name: `${first} ${last}`,
      title: pick(r, POSITIONS),
      email: `${first.split(' ')[0]!.toLowerCase()}.${last.split(' ')[0]!.toLowerCase()}@gob.example.cl`.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
      phone: `+5622${String(1000000 + Math.floor(r() * 8999999))}`,
    },
    otherActors: {
      government: r() < 0.6 ? [pick(r, INSTITUTIONS)] : [],
      civilSociety: [pick(r, CIVIL_SOCIETY), pick(r, CIVIL_SOCIETY)].filter((v, i, a) => a.indexOf(v) === i),
    },
    problem: paragraph(r, SENTENCES, 600),
    objective: paragraph(r, SENTENCES, 600),
    briefDescription: 'Establecer un estándar común de publicación y un espacio permanente de diálogo con la sociedad civil.',
    description: null,
    howItSolves: null,
    relevance: paragraph(r, SENTENCES, 600),
    ambition: paragraph(r, SENTENCES, 600),
    completion,
    resultsDescription: completion === null ? null : paragraph(r, NARRATIVE_SENTENCES, 600),
    milestones: Array.from({ length: BENCH_MILESTONES }, (_, i) => milestone(r, i + 1, start)),
    endDateText: monthText(end),
    nextSteps: [0, 1, 2].map((i) => NEXT_STEPS[(n + i * 2) % NEXT_STEPS.length] as string),
    additionalInformation: null,
    remainingChallenges: null,
  };
}

export function benchCommitments(seed = 20161): ParsedCommitment[] {
  const r = random(seed);
  return Array.from({ length: BENCH_COMMITMENTS }, (_, i) => commitment(r, i + 1));
}

export interface SeededPlan {
  planId: number;
  commitmentIds: number[];
  /** Time taken by the import, for the record. */
  importMs: number;
}

/** Creates the member and the plan, then imports the 60 commitments in one call (as the CLI would). */
export async function seedBenchPlan(db: Database, now: Date): Promise<SeededPlan> {
  const plan = await db.transaction(async (tx) => {
    const member = await ensureMember(tx, { code: 'CL', name: { es: 'Chile', en: 'Chile' } }, 'bench');
    return ensurePlan(
      tx,
      member.id,
      { number: 3, title: { es: 'Tercer Plan de Acción de Gobierno Abierto 2016-2018', en: 'Third Open Government Action Plan 2016-2018' }, startMonth: month(2016, 7), endMonth: month(2018, 12) },
      'bench',
    );
  });
  const parsed = benchCommitments();
  const started = performance.now();
  const outcome = await importParsedCommitments(db, {
    planId: plan.id,
    parsed: { commitments: parsed, warnings: [] },
    source: { name: 'bench-plan-60x6.docx', format: 'docx', content: JSON.stringify(parsed) },
    actor: 'bench',
    dryRun: false,
    now,
  });
  return { planId: plan.id, commitmentIds: outcome.commitments.map((c) => c.id), importMs: performance.now() - started };
}
