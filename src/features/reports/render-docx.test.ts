import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bigReport } from '../../../tests/support/report-sample.js';
import { renderDocx } from './render-docx.js';

describe('the report DOCX', () => {
  it('has Word heading styles, a table of contents field, a running header, "page X of Y" in the footer, its language and title', async () => {
    const files = unzipSync(await renderDocx(bigReport(3, 'es')));
    const text = (name: string) => strFromU8(files[name]!);
    const body = text('word/document.xml');
    // headings with Word's own styles: the navigation pane and the contents field use them
    expect(body.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(3);
    expect(body).toContain('<w:pStyle w:val="Heading1"/>');
    expect(body).toContain('TOC \\h \\o &quot;1-2&quot;');
    // the field's last result lists the headings (Word recomputes it; LibreOffice shows it as is)
    expect(body).toMatch(/<w:instrText xml:space="preserve">TOC [^<]*<\/w:instrText><\/w:r><w:r><w:fldChar w:fldCharType="separate"\/><\/w:r><\/w:p><w:p><w:pPr><w:pStyle w:val="TOC1"\/>/);
    expect(body).toContain('<w:t xml:space="preserve">Commitment 3: Open data 3</w:t></w:r></w:p>');
    expect(body).not.toContain('<w:sdt>');
    const headers = Object.keys(files).filter((f) => /^word\/header\d*\.xml$/.test(f));
    const footers = Object.keys(files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    expect(headers.length).toBeGreaterThan(0);
    expect(text(headers[0]!)).toContain('Self-assessment report — Third action plan 2016–2018');
    const footer = text(footers[0]!);
    expect(footer).toContain('Página');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(text('word/styles.xml')).toContain('w:val="es-CL"');
    // heading styles carry their outline level: LibreOffice's navigator (and a DOCX → ODT conversion)
    // only takes a paragraph for a heading when its style says so
    const styles = text('word/styles.xml');
    for (const [id, level] of [['Heading1', 0], ['Heading2', 1], ['Heading3', 2]] as const) {
      expect(styles).toMatch(new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>(?:(?!</w:style>).)*<w:outlineLvl w:val="${level}"/>`));
    }
    expect(text('docProps/core.xml')).toContain('<dc:title>Self-assessment report — Third action plan 2016–2018</dc:title>');
    expect(text('word/settings.xml')).toContain('w:updateFields');
  });
});
