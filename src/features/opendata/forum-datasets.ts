import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  agreements,
  electionCandidates,
  elections,
  forumMemberships,
  forums,
  forumSeats,
  forumSectors,
  institutions,
  meetingAttendance,
  meetings,
  members,
  newsItems,
  organisations,
} from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';
import type { Results } from '../elections/ballot-box.js';
// Types only: datasets.ts imports this file to list these tables (no cycle at run time).
import type { Cell, Column, ColumnType, Dataset } from './datasets.js';

/**
 * The forum's open data (issue 11, scope 6; decision 078): forums, sectors, seats, memberships
 * (current and past), the network's organisations, meetings, attendance, agreements, published
 * election results and published news. Only what the public pages show: no e-mails, no accounts,
 * no invitees, no draft minutes, no applications, and nothing of a ballot but the published counts.
 */
const col = <R>(key: string, type: ColumnType, es: string, en: string, value: (row: R) => Cell): Column<R> => ({ key, type, description: { es, en }, value });
function localizedCols<R>(key: string, es: string, en: string, get: (row: R) => LocalizedText | null | undefined): Column<R>[] {
  return [col<R>(`${key}_es`, 'text', `${es} (en español)`, `${en} (in Spanish)`, (r) => get(r)?.es ?? null), col<R>(`${key}_en`, 'text', `${es} (en inglés)`, `${en} (in English)`, (r) => get(r)?.en ?? null)];
}
const iso = (d: Date | null) => (d ? d.toISOString() : null);

type ForumRow = typeof forums.$inferSelect & { memberCode: string };
const forumsDataset: Dataset<ForumRow> = {
  name: 'forums',
  title: { es: 'Foros multiactor', en: 'Multistakeholder forums' },
  description: { es: 'Un registro por foro (la Mesa de Gobierno Abierto, por ejemplo).', en: 'One record per forum (the Mesa de Gobierno Abierto, for example).' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /forums/{id}', 'Id; its page is /forums/{id}', (r) => r.id),
    col('member_code', 'text', 'Código del miembro OGP', 'Code of the OGP member', (r) => r.memberCode),
    ...localizedCols<ForumRow>('name', 'Nombre', 'Name', (r) => r.name),
    ...localizedCols<ForumRow>('functions', 'Funciones', 'Functions', (r) => r.functions),
    col('quorum_percent', 'integer', 'Quórum: porcentaje de los escaños titulares ocupados que debe asistir', 'Quorum: percentage of the titular seats held that must attend', (r) => r.quorumPercent),
    col('rules_document_id', 'integer', 'Reglas de participación en el repositorio (documents.id)', 'Rules of participation in the repository (documents.id)', (r) => r.rulesDocumentId),
  ],
  rows: async (db) => (await db.select({ f: forums, memberCode: members.code }).from(forums).innerJoin(members, eq(members.id, forums.memberId)).orderBy(asc(forums.id))).map((r) => ({ ...r.f, memberCode: r.memberCode })),
};

type SectorRow = typeof forumSectors.$inferSelect;
const sectorsDataset: Dataset<SectorRow> = {
  name: 'forum_sectors',
  title: { es: 'Sectores de los foros', en: 'Forum sectors' },
  description: { es: 'Los sectores de cada foro (gobierno, sociedad civil, academia, observador…).', en: 'The sectors of each forum (government, civil society, academia, observer…).' },
  columns: [
    col('id', 'integer', 'Identificador del sector', 'The sector’s id', (r) => r.id),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    col('code', 'text', 'Código estable del sector', 'Stable code of the sector', (r) => r.code),
    ...localizedCols<SectorRow>('name', 'Nombre', 'Name', (r) => r.name),
    col('position', 'integer', 'Orden en el foro', 'Order in the forum', (r) => r.position),
    col('elected_by', 'enum', 'Tipo de organización de la red que elige sus escaños (civil_society, academia, private_sector, multilateral); vacío = designados', 'Kind of network organisation that elects its seats (civil_society, academia, private_sector, multilateral); empty = appointed', (r) => r.electedBy),
  ],
  rows: (db) => db.select().from(forumSectors).orderBy(asc(forumSectors.forumId), asc(forumSectors.position), asc(forumSectors.id)),
};

type SeatRow = typeof forumSeats.$inferSelect & { forumId: number; sectorCode: string };
const seatsDataset: Dataset<SeatRow> = {
  name: 'forum_seats',
  title: { es: 'Escaños de los foros', en: 'Forum seats' },
  description: { es: 'Los escaños (cargos, en Popolo) de cada sector.', en: 'The seats (posts, in Popolo) of each sector.' },
  columns: [
    col('id', 'integer', 'Identificador del escaño', 'The seat’s id', (r) => r.id),
    col('sector_id', 'integer', 'Sector (forum_sectors.id)', 'Sector (forum_sectors.id)', (r) => r.sectorId),
    col('sector_code', 'text', 'Código del sector', 'Code of the sector', (r) => r.sectorCode),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    ...localizedCols<SeatRow>('label', 'Nombre del escaño', 'Name of the seat', (r) => r.label),
    col('position', 'integer', 'Orden en el sector', 'Order in the sector', (r) => r.position),
  ],
  rows: async (db) =>
    (
      await db
        .select({ s: forumSeats, forumId: forumSectors.forumId, sectorCode: forumSectors.code })
        .from(forumSeats)
        .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
        .orderBy(asc(forumSectors.forumId), asc(forumSectors.position), asc(forumSeats.position), asc(forumSeats.id))
    ).map((r) => ({ ...r.s, forumId: r.forumId, sectorCode: r.sectorCode })),
};

type MembershipRow = typeof forumMemberships.$inferSelect & { forumId: number; sectorCode: string; organisationName: string | null; institutionName: LocalizedText | null; today: string };
const membershipsDataset: Dataset<MembershipRow> = {
  name: 'forum_memberships',
  title: { es: 'Membresías de los foros (vigentes y pasadas)', en: 'Forum memberships (current and past)' },
  description: { es: 'Quién ocupa o ocupó cada escaño, en representación de quién, con sus fechas (Popolo). La historia del foro.', en: 'Who holds or held each seat, on behalf of whom, with dates (Popolo). The history of the forum.' },
  columns: [
    col('id', 'integer', 'Identificador de la membresía', 'The membership’s id', (r) => r.id),
    col('seat_id', 'integer', 'Escaño (forum_seats.id)', 'Seat (forum_seats.id)', (r) => r.seatId),
    col('sector_code', 'text', 'Código del sector', 'Code of the sector', (r) => r.sectorCode),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    col('person_name', 'text', 'Nombre de la persona', 'Name of the person', (r) => r.personName),
    col('role', 'enum', 'Calidad: titular o alternate (suplente)', 'Capacity: titular (full member) or alternate', (r) => r.role),
    col('organisation_id', 'integer', 'Organización representada (network_organisations.id)', 'Organisation represented (network_organisations.id)', (r) => r.organisationId),
    col('institution_id', 'integer', 'Institución representada (institutions.id)', 'Institution represented (institutions.id)', (r) => r.institutionId),
    col('on_behalf_of', 'text', 'Nombre de la organización o institución representada', 'Name of the organisation or institution represented', (r) => r.organisationName ?? r.institutionName?.es ?? r.institutionName?.en ?? null),
    col('start_date', 'date', 'Desde (AAAA-MM-DD)', 'From (YYYY-MM-DD)', (r) => r.startDate),
    col('end_date', 'date', 'Hasta (AAAA-MM-DD); vacío = sin término', 'To (YYYY-MM-DD); empty = open-ended', (r) => r.endDate),
    col('end_reason', 'text', 'Motivo de un término anticipado', 'Reason for an early end', (r) => r.endReason),
    col('election_id', 'integer', 'Elección que la originó, si fue elegida', 'The election that seated them, when elected', (r) => r.electionId),
    col('current', 'boolean', 'Vigente hoy', 'Current today', (r) => r.startDate <= r.today && (r.endDate === null || r.endDate >= r.today)),
  ],
  rows: async (db, now) =>
    (
      await db
        .select({ m: forumMemberships, forumId: forumSectors.forumId, sectorCode: forumSectors.code, organisationName: organisations.name, institutionName: institutions.name })
        .from(forumMemberships)
        .innerJoin(forumSeats, eq(forumSeats.id, forumMemberships.seatId))
        .innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId))
        .leftJoin(organisations, eq(organisations.id, forumMemberships.organisationId))
        .leftJoin(institutions, eq(institutions.id, forumMemberships.institutionId))
        .orderBy(asc(forumSectors.forumId), asc(forumMemberships.seatId), asc(forumMemberships.startDate), asc(forumMemberships.id))
    ).map((r) => ({ ...r.m, forumId: r.forumId, sectorCode: r.sectorCode, organisationName: r.organisationName, institutionName: r.institutionName, today: now.toISOString().slice(0, 10) })),
};

type OrganisationRow = typeof organisations.$inferSelect & { memberCode: string };
const organisationsDataset: Dataset<OrganisationRow> = {
  name: 'network_organisations',
  title: { es: 'Organizaciones de la red', en: 'Organisations of the network' },
  description: { es: 'Las organizaciones aceptadas en la red (las postulaciones no aceptadas no se publican).', en: 'The organisations accepted into the network (applications not accepted are not published).' },
  columns: [
    col('id', 'integer', 'Identificador de la organización', 'The organisation’s id', (r) => r.id),
    col('member_code', 'text', 'Código del miembro OGP', 'Code of the OGP member', (r) => r.memberCode),
    col('name', 'text', 'Nombre', 'Name', (r) => r.name),
    col('kind', 'enum', 'Tipo: civil_society, academia, private_sector, multilateral', 'Kind: civil_society, academia, private_sector, multilateral', (r) => r.kind),
    col('region', 'text', 'Región', 'Region', (r) => r.region),
    col('mission', 'text', 'Misión', 'Mission', (r) => r.mission),
    col('focus_areas', 'text', 'Áreas de trabajo, separadas por «; »', 'Focus areas, separated by "; "', (r) => r.focusAreas.join('; ')),
    col('website', 'text', 'Sitio web', 'Website', (r) => r.website),
    col('joined_network_at', 'timestamp', 'Ingreso a la red (UTC)', 'Joined the network (UTC)', (r) => iso(r.joinedNetworkAt)),
  ],
  rows: async (db) =>
    (
      await db
        .select({ o: organisations, memberCode: members.code })
        .from(organisations)
        .innerJoin(members, eq(members.id, organisations.memberId))
        .where(isNotNull(organisations.joinedNetworkAt))
        .orderBy(asc(members.code), asc(organisations.name), asc(organisations.id))
    ).map((r) => ({ ...r.o, memberCode: r.memberCode })),
};

type MeetingRow = typeof meetings.$inferSelect;
const meetingsDataset: Dataset<MeetingRow> = {
  name: 'forum_meetings',
  title: { es: 'Reuniones de los foros', en: 'Forum meetings' },
  description: { es: 'Las reuniones convocadas de cada foro; su página (/meetings/{id}) tiene la agenda y el acta aprobada.', en: 'The meetings convened by each forum; their page (/meetings/{id}) has the agenda and the approved minutes.' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /meetings/{id}', 'Id; its page is /meetings/{id}', (r) => r.id),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    ...localizedCols<MeetingRow>('title', 'Título', 'Title', (r) => r.title),
    col('starts_at', 'timestamp', 'Inicio (UTC)', 'Start (UTC)', (r) => iso(r.startsAt)),
    col('ends_at', 'timestamp', 'Término (UTC)', 'End (UTC)', (r) => iso(r.endsAt)),
    col('place', 'text', 'Lugar', 'Place', (r) => r.place),
    col('link', 'text', 'Enlace de la reunión en línea', 'Link of the online meeting', (r) => r.link),
    col('cancelled_at', 'timestamp', 'Cancelada (UTC); vacío = no', 'Cancelled (UTC); empty = no', (r) => iso(r.cancelledAt)),
  ],
  rows: (db) => db.select().from(meetings).where(and(eq(meetings.kind, 'forum'), isNotNull(meetings.forumId))).orderBy(asc(meetings.startsAt), asc(meetings.id)),
};

type AttendanceRow = typeof meetingAttendance.$inferSelect;
const attendanceDataset: Dataset<AttendanceRow> = {
  name: 'meeting_attendance',
  title: { es: 'Asistencia a las reuniones', en: 'Meeting attendance' },
  description: { es: 'Quién asistió a cada reunión de un foro, en representación de quién y de qué sector.', en: 'Who attended each forum meeting, on behalf of whom and from which sector.' },
  columns: [
    col('meeting_id', 'integer', 'Reunión (forum_meetings.id)', 'Meeting (forum_meetings.id)', (r) => r.meetingId),
    col('person_name', 'text', 'Nombre de la persona', 'Name of the person', (r) => r.personName),
    col('on_behalf_of', 'text', 'Organización o institución, como se registró', 'Organisation or institution, as recorded', (r) => r.onBehalfOf),
    col('sector_code', 'text', 'Sector del foro (miembros del foro)', 'Forum sector (forum members)', (r) => r.sectorCode),
    col('voting', 'boolean', 'Cuenta para el quórum', 'Counts for quorum', (r) => r.voting),
  ],
  rows: (db) =>
    db
      .select({ a: meetingAttendance })
      .from(meetingAttendance)
      .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
      .where(and(eq(meetings.kind, 'forum'), isNotNull(meetings.forumId)))
      .orderBy(asc(meetings.startsAt), asc(meetingAttendance.meetingId), asc(meetingAttendance.id))
      .then((rows) => rows.map((r) => r.a)),
};

type AgreementRow = typeof agreements.$inferSelect & { today: string };
const agreementsDataset: Dataset<AgreementRow> = {
  name: 'agreements',
  title: { es: 'Acuerdos de las reuniones', en: 'Meeting agreements' },
  description: { es: 'Los acuerdos de cada reunión de un foro, con responsable, plazo y estado, seguidos hasta cumplirse.', en: 'The agreements of each forum meeting, with owner, due date and state, tracked until done.' },
  columns: [
    col('id', 'integer', 'Identificador del acuerdo', 'The agreement’s id', (r) => r.id),
    col('meeting_id', 'integer', 'Reunión (forum_meetings.id)', 'Meeting (forum_meetings.id)', (r) => r.meetingId),
    col('text', 'text', 'Acuerdo', 'Agreement', (r) => r.text),
    col('owner', 'text', 'Responsable', 'Owner', (r) => r.owner),
    col('due_on', 'date', 'Plazo (AAAA-MM-DD)', 'Due date (YYYY-MM-DD)', (r) => r.dueOn),
    col('state', 'enum', 'Estado: open, in_progress, done, dropped', 'State: open, in_progress, done, dropped', (r) => r.state),
    col('overdue', 'boolean', 'Calculado: pendiente o en curso con el plazo vencido', 'Computed: open or in progress past its due date', (r) => (r.state === 'open' || r.state === 'in_progress') && !!r.dueOn && r.dueOn < r.today),
    col('commitment_id', 'integer', 'Compromiso relacionado (commitments.id)', 'Related commitment (commitments.id)', (r) => r.commitmentId),
  ],
  rows: async (db, now) =>
    (
      await db
        .select({ a: agreements })
        .from(agreements)
        .innerJoin(meetings, eq(meetings.id, agreements.meetingId))
        .where(and(eq(meetings.kind, 'forum'), isNotNull(meetings.forumId)))
        .orderBy(asc(meetings.startsAt), asc(agreements.id))
    ).map((r) => ({ ...r.a, today: now.toISOString().slice(0, 10) })),
};

type ElectionRow = typeof elections.$inferSelect & { sectorCode: string; r: Results };
const electionsDataset: Dataset<ElectionRow> = {
  name: 'election_results',
  title: { es: 'Resultados de las elecciones (publicadas)', en: 'Election results (published)' },
  description: { es: 'Una fila por elección cerrada y publicada: padrón, totales y huellas. Nada antes del cierre; nada que vincule un voto con un votante.', en: 'One row per closed and published election: roll, totals and fingerprints. Nothing before close; nothing that links a vote to a voter.' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /elections/{id}', 'Id; its page is /elections/{id}', (r) => r.id),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    col('sector_code', 'text', 'Sector cuyos escaños se eligieron', 'Sector whose seats were elected', (r) => r.sectorCode),
    ...localizedCols<ElectionRow>('title', 'Título', 'Title', (r) => r.title),
    col('seats', 'integer', 'Escaños a llenar', 'Seats to fill', (r) => r.seats),
    col('term_start', 'date', 'Inicio del período', 'Start of the term', (r) => r.termStart),
    col('term_end', 'date', 'Término del período', 'End of the term', (r) => r.termEnd),
    col('closed_at', 'timestamp', 'Cierre (UTC)', 'Closed (UTC)', (r) => iso(r.closedAt)),
    col('roll_sha256', 'text', 'Huella SHA-256 del padrón congelado', 'SHA-256 of the frozen roll', (r) => r.rollSha256),
    col('entitled', 'integer', 'Habilitados (padrón)', 'Entitled (roll)', (r) => r.r.entitled),
    col('cast', 'integer', 'Votos emitidos', 'Ballots cast', (r) => r.r.cast),
    col('valid', 'integer', 'Votos válidos', 'Valid ballots', (r) => r.r.valid),
    col('blank', 'integer', 'Votos en blanco', 'Blank ballots', (r) => r.r.blank),
    col('null', 'integer', 'Votos nulos', 'Null ballots', (r) => r.r.null),
    col('turnout', 'text', 'Participación: emitidos / habilitados (0–1)', 'Turnout: cast / entitled (0–1)', (r) => String(r.r.turnout)),
    col('vacant', 'integer', 'Escaños vacantes', 'Seats left vacant', (r) => r.r.vacant),
    col('receipt_chain_head', 'text', 'Cabeza de la cadena de comprobantes', 'Head of the receipt chain', (r) => r.receiptChainHead),
  ],
  rows: async (db) =>
    (
      await db
        .select({ e: elections, sectorCode: forumSectors.code })
        .from(elections)
        .innerJoin(forumSectors, eq(forumSectors.id, elections.sectorId))
        .where(and(eq(elections.phase, 'published'), isNotNull(elections.results)))
        .orderBy(asc(elections.closedAt), asc(elections.id))
    ).map((x) => ({ ...x.e, sectorCode: x.sectorCode, r: x.e.results as unknown as Results })),
};

interface CandidateRow {
  electionId: number;
  candidateId: number;
  personName: string;
  organisationName: string;
  votes: number;
  elected: boolean;
}
const candidatesDataset: Dataset<CandidateRow> = {
  name: 'election_candidate_votes',
  title: { es: 'Votos por candidatura (elecciones publicadas)', en: 'Votes per candidate (published elections)' },
  description: { es: 'Una fila por candidatura de cada elección publicada, con sus votos y si resultó electa.', en: 'One row per candidate of each published election, with their votes and whether elected.' },
  columns: [
    col('election_id', 'integer', 'Elección (election_results.id)', 'Election (election_results.id)', (r) => r.electionId),
    col('candidate_id', 'integer', 'Identificador de la candidatura', 'The candidate’s id', (r) => r.candidateId),
    col('person_name', 'text', 'Nombre de la persona candidata', 'Name of the candidate', (r) => r.personName),
    col('organisation_name', 'text', 'Organización que la nominó', 'Organisation that nominated them', (r) => r.organisationName),
    col('votes', 'integer', 'Votos', 'Votes', (r) => r.votes),
    col('elected', 'boolean', 'Electa', 'Elected', (r) => r.elected),
  ],
  rows: async (db) => {
    const published = await db.select({ id: elections.id, results: elections.results }).from(elections).where(and(eq(elections.phase, 'published'), isNotNull(elections.results))).orderBy(asc(elections.closedAt), asc(elections.id));
    if (published.length === 0) return [];
    const candidates = await db
      .select({ id: electionCandidates.id, electionId: electionCandidates.electionId, personName: electionCandidates.personName, organisationName: organisations.name })
      .from(electionCandidates)
      .innerJoin(organisations, eq(organisations.id, electionCandidates.organisationId))
      .where(inArray(electionCandidates.electionId, published.map((p) => p.id)))
      .orderBy(asc(electionCandidates.electionId), asc(electionCandidates.id));
    const out: CandidateRow[] = [];
    for (const e of published) {
      const r = e.results as unknown as Results;
      for (const v of r.votes) {
        const c = candidates.find((x) => x.id === v.candidateId && x.electionId === e.id);
        if (c) out.push({ electionId: e.id, candidateId: c.id, personName: c.personName, organisationName: c.organisationName, votes: v.votes, elected: r.elected.includes(c.id) });
      }
    }
    return out;
  },
};

type NewsRow = typeof newsItems.$inferSelect;
const newsDataset: Dataset<NewsRow> = {
  name: 'forum_news',
  title: { es: 'Noticias y eventos de los foros', en: 'Forum news and events' },
  description: { es: 'Las noticias y eventos publicados (y los retirados, con su motivo); nunca los borradores. El texto está en Markdown.', en: 'The news and events published (and the withdrawn ones, with their reason); never drafts. The text is Markdown.' },
  columns: [
    col('id', 'integer', 'Identificador; su página es /news/{id}', 'Id; its page is /news/{id}', (r) => r.id),
    col('forum_id', 'integer', 'Foro (forums.id)', 'Forum (forums.id)', (r) => r.forumId),
    col('kind', 'enum', 'Tipo: news o event', 'Kind: news or event', (r) => r.kind),
    ...localizedCols<NewsRow>('title', 'Título', 'Title', (r) => r.title),
    ...localizedCols<NewsRow>('body', 'Texto (Markdown); vacío si fue retirada', 'Text (Markdown); empty when withdrawn', (r) => (r.state === 'unpublished' ? {} : r.body)),
    col('item_date', 'date', 'Fecha (AAAA-MM-DD)', 'Date (YYYY-MM-DD)', (r) => r.itemDate),
    col('starts_at', 'timestamp', 'Evento: inicio (UTC)', 'Event: start (UTC)', (r) => iso(r.startsAt)),
    col('ends_at', 'timestamp', 'Evento: término (UTC)', 'Event: end (UTC)', (r) => iso(r.endsAt)),
    col('place', 'text', 'Evento: lugar', 'Event: place', (r) => r.place),
    col('link', 'text', 'Evento: enlace', 'Event: link', (r) => r.link),
    col('state', 'enum', 'Estado: published o unpublished (retirada)', 'State: published or unpublished (withdrawn)', (r) => r.state),
    col('published_at', 'timestamp', 'Publicación (UTC)', 'Published (UTC)', (r) => iso(r.publishedAt)),
    col('unpublished_at', 'timestamp', 'Retiro (UTC)', 'Withdrawn (UTC)', (r) => iso(r.unpublishedAt)),
    col('unpublish_reason', 'text', 'Motivo del retiro', 'Reason for withdrawing', (r) => r.unpublishReason),
  ],
  rows: (db: Executor) => db.select().from(newsItems).where(inArray(newsItems.state, ['published', 'unpublished'])).orderBy(asc(newsItems.forumId), asc(newsItems.itemDate), asc(newsItems.id)),
};

export const FORUM_DATASETS = [
  forumsDataset,
  sectorsDataset,
  seatsDataset,
  membershipsDataset,
  organisationsDataset,
  meetingsDataset,
  attendanceDataset,
  agreementsDataset,
  electionsDataset,
  candidatesDataset,
  newsDataset,
] as unknown as Dataset<unknown>[];
