import ical from 'ical-generator';

export interface CalendarMeeting {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  link: string | null;
  description: string;
  cancelled: boolean;
  /** Another kind of entry (a forum's event, decision 077): its own page and UID stem; default `meeting`. */
  href?: string;
  uidStem?: string;
}

/** An iCalendar (RFC 5545) of meetings, with ical-generator: one event per meeting, stable UIDs. */
export function meetingsCalendar(input: { name: string; origin: string; meetings: CalendarMeeting[] }): string {
  const host = (() => {
    try {
      return new URL(input.origin).host || 'abierto.local';
    } catch {
      return 'abierto.local';
    }
  })();
  const cal = ical({ name: input.name, prodId: { company: 'Abierto', product: 'Abierto', language: 'ES' } });
  for (const m of input.meetings) {
    cal.createEvent({
      id: `${m.uidStem ?? 'meeting'}-${m.id}@${host}`,
      start: m.startsAt,
      end: m.endsAt,
      summary: m.title,
      location: m.place || m.link || undefined,
      description: m.description,
      url: `${input.origin}${m.href ?? `/meetings/${m.id}`}`,
      status: m.cancelled ? 'CANCELLED' : 'CONFIRMED',
    } as Parameters<typeof cal.createEvent>[0]);
  }
  return cal.toString();
}
