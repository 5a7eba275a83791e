/**
 * The review as a Word document, in the same layout as the PDF: title page (people, status,
 * overall judgements and sign-off when recorded, provenance), the phase dashboard or overview,
 * the grid per section with each rated cell shaded and marked, focus and evidence per criterion,
 * then the framework's tables and forms. A4 landscape, numbered pages, header rows repeated on
 * every page, Roboto embedded so the document looks the same on a machine without it.
 */
import { Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, TextRun } from 'docx';
import { gridPages } from './docx-grid.ts';
import { embeddedFont, FONT, numbering, styles } from './docx-styles.ts';
import { dashboard, overview } from './docx-summary.ts';
import { formPages, tablePages } from './docx-tables.ts';
import { titlePage } from './docx-title.ts';
import type { ExportModel } from './model.ts';

function footer(model: ExportModel): Footer {
  const fw = model.framework;
  const small = { size: 14, color: '555555' };
  return new Footer({
    children: [
      new Paragraph({
        spacing: { after: 0 },
        children: [
          new TextRun({ text: `${model.review.title} · ${fw.shortTitle ?? fw.title} · Page `, ...small }),
          new TextRun({ children: [PageNumber.CURRENT], ...small }),
          new TextRun({ text: ' of ', ...small }),
          new TextRun({ children: [PageNumber.TOTAL_PAGES], ...small }),
        ],
      }),
    ],
  });
}

export function docxDocument(model: ExportModel): Document {
  const fw = model.framework;
  return new Document({
    title: model.review.title,
    subject: fw.title,
    creator: 'Bestfit',
    fonts: [{ name: FONT, ...embeddedFont() }],
    styles,
    numbering,
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 },
            margin: { top: 850, bottom: 850, left: 850, right: 850 },
          },
        },
        footers: { default: footer(model) },
        children: [
          ...titlePage(model),
          ...(model.phases.length > 0 ? dashboard(model) : overview(model)),
          ...gridPages(model),
          ...tablePages(model),
          ...formPages(model),
        ],
      },
    ],
  });
}

export async function renderDocx(model: ExportModel): Promise<Uint8Array> {
  const buffer = await Packer.toBuffer(docxDocument(model));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
