import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { agreements, meetingAttendance, meetingMinutes, meetings } from '../../db/schema/index.js';
import type { LocalizedText } from '../../lib/localized.js';

/**
 * Approved minutes as a document: one outline (`minutesOutline`) rendered to PDF for the repository
 * (pdfkit with the DejaVu fonts, as the reports do) and shown as HTML on the meeting's page.
 */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** The fonts (and pdfkit) are loaded with the first minutes, not at start-up (issue 10), then kept. */
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const minutesFonts = () =>
  (fonts ??= { regular: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')) });

export interface MinutesSource {
  meeting: typeof meetings.$inferSelect;
  forumName: LocalizedText | null;
  minutes: typeof meetingMinutes.$inferSelect;
  attendance: (typeof meetingAttendance.$inferSelect)[];
  agreements: (typeof agreements.$inferSelect)[];
}

export interface MinutesOutline {
  title: string;
  facts: string[];
  sections: { heading: string; lines: string[] }[];
}

const fmt = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The minutes in Spanish (the forum's working language; the page shows the same text). */
export function minutesOutline(s: MinutesSource): MinutesOutline {
  const title = `Acta: ${s.meeting.title.es ?? s.meeting.title.en ?? ''}`;
  return {
    title,
    facts: [
      s.forumName ? (s.forumName.es ?? s.forumName.en ?? '') : '',
      `Fecha: ${fmt(s.meeting.startsAt)} – ${fmt(s.meeting.endsAt)}`,
      s.meeting.place ? `Lugar: ${s.meeting.place}` : '',
      s.meeting.link ? `Enlace: ${s.meeting.link}` : '',
      `Versión ${s.minutes.version}${s.minutes.correctionReason ? ` — corrección: ${s.minutes.correctionReason}` : ''}`,
      s.minutes.approvedAt ? `Aprobada por ${s.minutes.approvedByName} el ${fmt(s.minutes.approvedAt)}` : '',
    ].filter(Boolean),
    sections: [
      { heading: 'Asistencia', lines: s.attendance.map((a) => `${a.personName}${a.onBehalfOf ? ` (${a.onBehalfOf})` : ''}${a.sectorCode ? ` — ${a.sectorCode}` : ''}`) },
      { heading: 'Acta', lines: s.minutes.body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean) },
      { heading: 'Acuerdos', lines: s.agreements.map((a) => `${a.text} — responsable: ${a.owner}${a.dueOn ? `, plazo: ${a.dueOn}` : ''}`) },
    ],
  };
}

export async function minutesPdf(outline: MinutesOutline): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: outline.title }, lang: 'es', pdfVersion: '1.7', tagged: false, displayTitle: true });
  doc.registerFont('regular', minutesFonts().regular);
  doc.registerFont('bold', minutesFonts().bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font('bold').fontSize(16).text(outline.title);
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10);
  for (const f of outline.facts) doc.text(f);
  for (const s of outline.sections) {
    doc.moveDown(0.8);
    doc.font('bold').fontSize(12).text(s.heading);
    doc.font('regular').fontSize(10);
    if (s.lines.length === 0) doc.text('—');
    for (const l of s.lines) doc.text(l, { paragraphGap: 4 });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
