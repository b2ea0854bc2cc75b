import type { ReportDocument } from './document.js';

/** The DOCX and PDF renderers, loaded on the first report (docx and pdfkit are slow to import). */
export const renderDocx = async (doc: ReportDocument): Promise<Uint8Array> => (await import('./render-docx.js')).renderDocx(doc);
export const renderPdf = async (doc: ReportDocument): Promise<Uint8Array> => (await import('./render-pdf.js')).renderPdf(doc);
