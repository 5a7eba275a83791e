/** Read exports back with maintained readers, as a person's software would open them. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** word/document.xml and the footers, as stored. */
export async function docxXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((name) => /^word\/(document|footer\d*)\.xml$/.test(name));
  return (await Promise.all(parts.map((name) => zip.file(name)!.async('string')))).join('\n');
}

/** The text of word/document.xml, one entry per paragraph (runs joined), in document order. */
export async function docxParagraphs(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1]!)
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'"),
  );
}

/** Every page's text, in reading order (pdf.js text extraction). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await pdf.destroy();
  return pages;
}

/** The fonts a PDF embeds (a font file in the document, not a name left to the reader). */
export async function pdfEmbeddedFonts(bytes: Uint8Array): Promise<boolean> {
  const text = Buffer.from(bytes).toString('latin1');
  return /\/FontFile2\s/.test(text) && !/\/BaseFont\s*\/Helvetica/.test(text);
}

export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.slice().buffer);
  return wb;
}

/** A sheet's rows as arrays of cell values (1-based columns shifted to 0-based). */
export function sheetRows(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push(values.slice(1));
  });
  return rows;
}

export function readCsv(bytes: Uint8Array): { bom: boolean; records: string[][] } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const records: string[][] = parse(Buffer.from(bytes), { bom: true, relax_column_count: false });
  return { bom, records };
}

/** Whitespace removed: PDF line wrapping and Word's runs split text where a reader would not. */
export const squash = (text: string): string => text.replace(/\s+/g, '');
