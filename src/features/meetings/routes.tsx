import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { agreements, forums, meetingAttendance, meetingMinutes, meetings } from '../../db/schema/index.js';
import { textIn } from '../../lib/localized.js';
import { fieldErrors, type FieldErrors } from '../../ui/forms.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import type { SessionUser } from '../accounts/policy.js';
import { can, canManageForum } from '../forum/policy.js';
import { forumDetail } from '../forum/queries.js';
import { addAgreement, approveMinutes, commentOnMinutes, createMeeting, MeetingError, recordAttendance, recordCommitmentReview, reopenMinutesDraft, saveMinutesDraft, setAgreementState, submitMinutesForReview } from './commands.js';
import { meetingsCalendar } from './ics.js';
import { publishedEvents } from '../news/queries.js';
import { commitmentsOfMember, linkedCommitments, meetingDetail, meetingsOfForum } from './queries.js';
import { CommitmentsReviewed } from './review-views.js';
import { agreementForm, agreementStateForm, attendanceForm, commentForm, commitmentReviewForm, meetingForm, minutesForm } from './schemas.js';
import { ConvenePage, MeetingPage } from './views.js';

type Body = Record<string, string | File | (string | File)[]>;
const texts = (body: Body, max = 100_000) => Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, max)]));

export function meetingRoutes(deps: AppDeps) {
  const app = new Hono();
  const today = () => deps.now().toISOString().slice(0, 10);
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  /** A forum meeting and its forum's member (meetings of other owners are shown by their feature). */
  async function loadMeeting(id: number | null) {
    const [m] = id === null ? [] : await deps.db.select({ meeting: meetings, memberId: forums.memberId, forumName: forums.name }).from(meetings).innerJoin(forums, eq(forums.id, meetings.forumId)).where(eq(meetings.id, id));
    if (!m) throw new HTTPException(404, { message: 'not_found' });
    return m;
  }

  /** Attended, or holds a current seat of the forum. */
  async function attendedOrMember(user: SessionUser | null, meetingId: number, forumId: number) {
    if (!user) return false;
    const attended = await deps.db.select({ id: meetingAttendance.id, userId: meetingAttendance.userId }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    if (attended.some((a) => a.userId === user.id)) return true;
    const f = await forumDetail(deps.db, forumId, today());
    return !!f && f.sectors.some((s) => s.seats.some((x) => x.current.some((m) => m.userId === user.id)));
  }

  async function render(c: Context, id: number, extra: { flash?: string; error?: string; errors?: FieldErrors; values?: Record<string, string> } = {}, status: 200 | 409 | 422 = 200) {
    const m = await loadMeeting(id);
    const user = c.get('user');
    const manage = canManageForum(user, { memberId: m.memberId });
    const detail = (await meetingDetail(deps.db, id, { includeDraft: manage || (await attendedOrMember(user, id, m.meeting.forumId!)), today: today() }))!;
    const latest = detail.minutes[0];
    const canComment = !!latest && can(user, 'minutes.comment', { memberId: m.memberId, minutesState: latest.state, attendedOrMember: await attendedOrMember(user, id, m.meeting.forumId!) });
    let members: { membershipId: number; personName: string; onBehalfOf: string | null }[] = [];
    if (manage) {
      const f = await forumDetail(deps.db, m.meeting.forumId!, m.meeting.startsAt.toISOString().slice(0, 10));
      members = f ? f.sectors.flatMap((s) => s.seats.flatMap((x) => x.current.map((cur) => ({ membershipId: cur.id, personName: cur.personName, onBehalfOf: cur.onBehalfOf })))) : [];
    }
    const linked = await linkedCommitments(deps.db, id);
    const reviewManage = manage ? { options: await commitmentsOfMember(deps.db, m.memberId), frozen: detail.minutes.some((x) => x.state === 'approved'), errors: extra.errors } : null;
    const review = <CommitmentsReviewed page={pageContext(c)} meetingId={id} linked={linked} manage={reviewManage} />;
    return c.html(
      <MeetingPage page={pageContext(c)} detail={detail} forumName={m.forumName} manage={manage ? { members, errors: extra.errors, values: extra.values } : null} canComment={canComment} flash={extra.flash} error={extra.error} review={review} />,
      status,
    );
  }

  app.get('/meetings/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const done = c.req.query('done');
    const f = c.get('t').meetings.form;
    return render(c, (await loadMeeting(id)).meeting.id, { flash: done === 'convened' ? f.convened : done === 'saved' ? f.saved : undefined });
  });

  app.get('/meetings/:id/meeting.ics', async (c) => {
    const m = await loadMeeting(parseId(c.req.param('id')));
    const d = (await meetingDetail(deps.db, m.meeting.id, { includeDraft: false, today: today() }))!;
    const body = meetingsCalendar({
      name: textIn(m.forumName, c.get('locale')),
      origin: origin(c),
      meetings: [{ id: m.meeting.id, title: textIn(m.meeting.title, c.get('locale')), startsAt: m.meeting.startsAt, endsAt: m.meeting.endsAt, place: m.meeting.place, link: m.meeting.link, description: d.agenda.map((a) => `${a.title} (${a.minutes} min)`).join('\n'), cancelled: !!m.meeting.cancelledAt }],
    });
    return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="meeting-${m.meeting.id}.ics"` });
  });

  app.get('/forums/:id/calendar.ics', async (c) => {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, today());
    if (!f) return c.notFound();
    const list = await meetingsOfForum(deps.db, f.id);
    const body = meetingsCalendar({
      name: textIn(f.name, c.get('locale')),
      origin: origin(c),
      meetings: [
        ...list.map((m) => ({ id: m.id, title: textIn(m.title, c.get('locale')), startsAt: m.startsAt, endsAt: m.endsAt, place: m.place, link: m.link, description: '', cancelled: !!m.cancelledAt })),
        ...(await publishedEvents(deps.db, f.id)).map((e) => ({ id: e.id, title: textIn(e.title, c.get('locale')), startsAt: e.startsAt, endsAt: e.endsAt, place: e.place, link: e.link, description: '', cancelled: false, href: `/news/${e.id}`, uidStem: 'event' })),
      ],
    });
    return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });

  // ——— the secretariat ———
  app.get('/forums/:id/meetings/new', async (c) => {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, today());
    if (!f) return c.notFound();
    requirePermission(c, (u) => can(u, 'meeting.convene', f));
    return c.html(<ConvenePage page={pageContext(c)} forum={f} />);
  });

  app.post('/forums/:id/meetings', async (c) => {
    const id = parseId(c.req.param('id'));
    const f = id === null ? null : await forumDetail(deps.db, id, today());
    if (!f) return c.notFound();
    const user = requirePermission(c, (u) => can(u, 'meeting.convene', f));
    const values = texts(await c.req.parseBody());
    const t = c.get('t');
    const parsed = meetingForm.safeParse(values);
    if (!parsed.success) return c.html(<ConvenePage page={pageContext(c)} forum={f} values={values} errors={fieldErrors(parsed.error, { ...t.elections.formErrors, ...t.meetings.form.errors })} />, 422);
    const d = parsed.data;
    const { id: meetingId } = await createMeeting(deps.db, `user:${user.id}`, {
      forumId: f.id,
      kind: 'forum',
      title: { [c.get('locale')]: d.title },
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      place: d.place,
      link: d.link,
      agenda: d.agenda,
      invitees: d.invitees,
      pageUrl: (mid) => `${origin(c)}/meetings/${mid}`,
      now: deps.now(),
    });
    deps.cache.invalidate();
    await deps.flushMail();
    return c.redirect(`/meetings/${meetingId}?done=convened`, 303);
  });

  /** A secretariat write on a meeting: parse → authorise → command; a wrong state is told on the page (409), a wrong form 422. */
  function meetingWrite(path: string, run: (c: Context, input: { meetingId: number; memberId: number; user: SessionUser; values: Record<string, string>; body: Body }) => Promise<FieldErrors | null>) {
    app.post(`/meetings/:id/${path}`, async (c) => {
      const m = await loadMeeting(parseId(c.req.param('id')));
      const user = requirePermission(c, (u) => can(u, 'meeting.record', { memberId: m.memberId }));
      const body = (await c.req.parseBody({ all: true })) as Body;
      const values = texts(body);
      try {
        const errors = await run(c, { meetingId: m.meeting.id, memberId: m.memberId, user, values, body });
        if (errors) return render(c, m.meeting.id, { errors, values }, 422);
      } catch (error) {
        if (error instanceof MeetingError) return render(c, m.meeting.id, { error: c.get('t').meetings.form.errors[error.code] }, 409);
        throw error;
      }
      deps.cache.invalidate();
      await deps.flushMail();
      return c.redirect(`/meetings/${m.meeting.id}?done=saved`, 303);
    });
  }

  const formErrorsOf = (c: Context) => ({ ...c.get('t').elections.formErrors, ...c.get('t').meetings.form.errors });

  meetingWrite('minutes', async (c, { meetingId, user, values }) => {
    const parsed = minutesForm.safeParse(values);
    if (!parsed.success) return fieldErrors(parsed.error, formErrorsOf(c));
    await saveMinutesDraft(deps.db, `user:${user.id}`, { meetingId, body: parsed.data.body, correctionReason: parsed.data.correctionReason ?? null, now: deps.now() });
    return null;
  });

  meetingWrite('commitments', async (c, { meetingId, user, values }) => {
    const parsed = commitmentReviewForm.safeParse(values);
    if (!parsed.success) return fieldErrors(parsed.error, formErrorsOf(c));
    await recordCommitmentReview(deps.db, `user:${user.id}`, { meetingId, commitmentId: parsed.data.commitmentId, presented: parsed.data.presented });
    return null;
  });

  meetingWrite('agreements', async (c, { meetingId, user, values }) => {
    const parsed = agreementForm.safeParse(values);
    if (!parsed.success) return fieldErrors(parsed.error, formErrorsOf(c));
    await addAgreement(deps.db, `user:${user.id}`, { meetingId, ...parsed.data, now: deps.now() });
    return null;
  });

  meetingWrite('attendance', async (c, { meetingId, user, body, values }) => {
    const member = body.member === undefined ? [] : (Array.isArray(body.member) ? body.member : [body.member]).filter((x): x is string => typeof x === 'string');
    const parsed = attendanceForm.safeParse({ member, others: values.others });
    if (!parsed.success) return fieldErrors(parsed.error, formErrorsOf(c));
    const m = await loadMeeting(meetingId);
    const f = await forumDetail(deps.db, m.meeting.forumId!, m.meeting.startsAt.toISOString().slice(0, 10));
    const current = f ? f.sectors.flatMap((s) => s.seats.flatMap((x) => x.current.map((cur) => ({ ...cur, sectorCode: s.code })))) : [];
    const chosen = current.filter((cur) => parsed.data.member.includes(cur.id));
    if (chosen.length !== new Set(parsed.data.member).size) return { member: c.get('t').elections.formErrors.invalid };
    await recordAttendance(deps.db, `user:${user.id}`, {
      meetingId,
      attendees: [
        ...chosen.map((cur) => ({ personName: cur.personName, userId: cur.userId, onBehalfOf: cur.onBehalfOf ?? '', sectorCode: cur.sectorCode, voting: cur.role === 'titular' })),
        ...parsed.data.others.map((o) => ({ ...o, voting: false })),
      ],
    });
    return null;
  });

  // Minutes and agreements by their own id.
  async function minutesOf(c: Context) {
    const id = parseId(c.req.param('mid'));
    const [mm] = id === null ? [] : await deps.db.select().from(meetingMinutes).where(eq(meetingMinutes.id, id));
    if (!mm) throw new HTTPException(404, { message: 'not_found' });
    return { mm, m: await loadMeeting(mm.meetingId) };
  }

  for (const action of ['submit', 'approve', 'reopen'] as const) {
    app.post(`/minutes/:mid/${action}`, async (c) => {
      const { mm, m } = await minutesOf(c);
      const user = requirePermission(c, (u) => (action === 'approve' ? can(u, 'minutes.approve', { memberId: m.memberId, minutesState: mm.state }) : can(u, 'meeting.record', { memberId: m.memberId })));
      try {
        if (action === 'submit') await submitMinutesForReview(deps.db, `user:${user.id}`, { minutesId: mm.id, now: deps.now() });
        else if (action === 'reopen') await reopenMinutesDraft(deps.db, `user:${user.id}`, { minutesId: mm.id, now: deps.now() });
        else await approveMinutes(deps.db, `user:${user.id}`, { minutesId: mm.id, approverId: user.id, approverName: user.name, now: deps.now() });
      } catch (error) {
        if (error instanceof MeetingError) return render(c, m.meeting.id, { error: c.get('t').meetings.form.errors[error.code] }, 409);
        throw error;
      }
      deps.cache.invalidate();
      await deps.flushMail();
      return c.redirect(`/meetings/${m.meeting.id}?done=saved`, 303);
    });
  }

  app.post('/minutes/:mid/comments', async (c) => {
    const { mm, m } = await minutesOf(c);
    const member = await attendedOrMember(c.get('user'), m.meeting.id, m.meeting.forumId!);
    const user = requirePermission(c, (u) => can(u, 'minutes.comment', { memberId: m.memberId, minutesState: mm.state, attendedOrMember: member }));
    const parsed = commentForm.safeParse(texts(await c.req.parseBody()));
    if (!parsed.success) return render(c, m.meeting.id, { error: Object.values(fieldErrors(parsed.error, formErrorsOf(c))).join(' ') }, 422);
    try {
      await commentOnMinutes(deps.db, { minutesId: mm.id, authorId: user.id, authorName: user.name, body: parsed.data.body, now: deps.now() });
    } catch (error) {
      if (error instanceof MeetingError) return render(c, m.meeting.id, { error: c.get('t').meetings.form.errors[error.code] }, 409);
      throw error;
    }
    return c.redirect(`/meetings/${m.meeting.id}?done=saved`, 303);
  });

  app.post('/agreements/:aid/state', async (c) => {
    const id = parseId(c.req.param('aid'));
    const [a] = id === null ? [] : await deps.db.select().from(agreements).where(eq(agreements.id, id));
    if (!a) return c.notFound();
    const m = await loadMeeting(a.meetingId);
    const user = requirePermission(c, (u) => can(u, 'meeting.record', { memberId: m.memberId }));
    const parsed = agreementStateForm.safeParse(texts(await c.req.parseBody()));
    if (!parsed.success) return render(c, m.meeting.id, { error: c.get('t').elections.formErrors.invalid }, 422);
    try {
      if (parsed.data.from !== parsed.data.to) await setAgreementState(deps.db, `user:${user.id}`, { agreementId: a.id, ...parsed.data, now: deps.now() });
    } catch (error) {
      if (error instanceof MeetingError) return render(c, m.meeting.id, { error: c.get('t').meetings.form.errors[error.code] }, 409);
      throw error;
    }
    deps.cache.invalidate();
    return c.redirect(`/meetings/${m.meeting.id}?done=saved`, 303);
  });

  return app;
}

