import type { LocalizedText } from '../../lib/localized.js';
import { StatusBadge, Text } from '../../ui/components.js';
import { CsrfField, Select, TextArea, type FieldErrors } from '../../ui/forms.js';
import type { PageContext } from '../../ui/layout.js';
import type { linkedCommitments } from './queries.js';

type Linked = Awaited<ReturnType<typeof linkedCommitments>>;

export interface ReviewManage {
  /** Commitments of the forum member's plans that can be linked. */
  options: { id: number; number: string; title: LocalizedText; planNumber: number }[];
  /** Approved minutes freeze what was presented. */
  frozen: boolean;
  errors?: FieldErrors;
}

/**
 * The commitments linked to a meeting, each with its current status from the monitoring data and
 * what its institution presented; for the secretariat, a form per commitment and one to link
 * another (recordCommitmentReview).
 */
export function CommitmentsReviewed(props: { page: PageContext; meetingId: number; linked: Linked; manage: ReviewManage | null }) {
  const { t, locale } = props.page;
  const r = t.meetings.commitmentReview;
  const e = props.manage?.errors ?? {};
  if (props.linked.length === 0 && !props.manage) return null;
  return (
    <section aria-labelledby="reviewed">
      <h2 id="reviewed">{r.heading}</h2>
      {props.linked.length === 0 ? <p class="muted">{r.none}</p> : null}
      {props.linked.map((l) => (
        <article class="card" aria-labelledby={`reviewed-${l.commitmentId}`}>
          <h3 id={`reviewed-${l.commitmentId}`}>
            <a href={`/commitments/${l.commitmentId}`}>
              {t.commitment.numberTitle(l.number)}: <Text value={l.title} locale={locale} />
            </a>
          </h3>
          <p>
            {r.status}: <StatusBadge status={l.completion} t={t} />
          </p>
          <p>
            <strong>{r.presented}:</strong> {l.presented ? l.presented : <span class="muted">{r.notRecorded}</span>}
          </p>
          {props.manage && !props.manage.frozen ? (
            <form method="post" action={`/meetings/${props.meetingId}/commitments`} class="stack">
              <CsrfField page={props.page} />
              <input type="hidden" name="commitmentId" value={String(l.commitmentId)} />
              <TextArea name="presented" id={`presented-${l.commitmentId}`} label={r.presentedFor(l.number)} maxlength={5000} rows={3} value={l.presented} />
              <button type="submit">{r.save}</button>
            </form>
          ) : null}
        </article>
      ))}
      {props.manage?.frozen ? <p class="muted">{r.frozen}</p> : null}
      {props.manage && !props.manage.frozen && props.manage.options.length > 0 ? (
        <form method="post" action={`/meetings/${props.meetingId}/commitments`} class="stack card">
          <h3>{r.add}</h3>
          <CsrfField page={props.page} />
          <Select
            name="commitmentId"
            id="review-commitment"
            label={r.commitment}
            required
            error={e.commitmentId}
            options={props.manage.options.map((o) => ({ value: String(o.id), label: `${t.commitment.numberTitle(o.number)}: ${(o.title[locale] ?? o.title.es ?? o.title.en ?? '').slice(0, 120)}` }))}
          />
          <TextArea name="presented" id="review-presented" label={r.presented} maxlength={5000} rows={3} error={e.presented} />
          <button type="submit">{r.addSubmit}</button>
        </form>
      ) : null}
    </section>
  );
}
