import {
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { PlainBlock, paraXml, tableXml } from './docx-plain.ts';

/** The body of word/document.xml of a document holding just these blocks. */
async function bodyOf(children: FileChild[]): Promise<string> {
  const bytes = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml.slice(xml.indexOf('<w:body>'), xml.indexOf('<w:sectPr'));
}

const margins = { top: 40, left: 80, bottom: 40, right: 80 };

/** docx's XML, with `xml:space="preserve"` only on text that has spaces to keep, as plain runs write it. */
const preservingOnlyWhereNeeded = (xml: string) =>
  xml.replace(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g, (whole, text: string) =>
    /^\s|\s$|\s\s|\t/.test(text) ? whole : `<w:t>${text}</w:t>`,
  );

describe('plain tables and paragraphs', () => {
  it('write the same XML as docx writes for the same table', async () => {
    const text = 'Evidence & <notes> "quoted"';
    const docxTable = new Table({
      columnWidths: [1000, 2000, 3000],
      width: { size: 7000, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      margins,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: ['A', 'B', 'C'].map(
            (label) =>
              new TableCell({
                shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'DFE6EE' },
                children: [
                  new Paragraph({ style: 'CellText', children: [new TextRun({ text: label, style: 'Label' })] }),
                ],
              }),
          ),
        }),
        new TableRow({
          children: [
            new TableCell({
              columnSpan: 2,
              children: [
                new Paragraph({
                  style: 'Descriptor',
                  children: [new TextRun({ text, italics: true, color: '666666' })],
                }),
                new Paragraph({
                  spacing: { after: 200 },
                  children: [new TextRun({ text: 'Big: ', size: 19, style: 'Label' })],
                }),
                new Paragraph({ children: [] }),
              ],
            }),
            new TableCell({ children: [new Paragraph({ children: [new TextRun('')] })] }),
          ],
        }),
      ],
    });
    const plain = new PlainBlock(() =>
      tableXml(7000, [1000, 2000, 3000], margins, [
        {
          header: true,
          cantSplit: true,
          cells: ['A', 'B', 'C'].map((label) => ({
            fill: 'DFE6EE',
            paras: [{ style: 'CellText', runs: [{ text: label, style: 'Label' }] }],
          })),
        },
        {
          cells: [
            {
              span: 2,
              paras: [
                { style: 'Descriptor', runs: [{ text, italics: true, color: '666666' }] },
                { spacingAfter: 200, runs: [{ text: 'Big: ', size: 19, style: 'Label' }] },
                { runs: [] },
              ],
            },
            { paras: [{ runs: [{ text: '' }] }] },
          ],
        },
      ]),
    );
    const expected = preservingOnlyWhereNeeded(await bodyOf([docxTable]));
    expect(expected).toContain('<w:t>Evidence &amp; &lt;notes&gt;');
    expect(expected).toContain('<w:t xml:space="preserve">Big: </w:t>');
    expect(await bodyOf([plain])).toBe(expected);
  });

  it('write the same XML as docx writes for the same paragraph', async () => {
    const docxPara = new Paragraph({ children: [new TextRun({ text: 'Source: a <b> & c', italics: true })] });
    const plain = new PlainBlock(() => paraXml({ runs: [{ text: 'Source: a <b> & c', italics: true }] }));
    expect(await bodyOf([plain])).toBe(preservingOnlyWhereNeeded(await bodyOf([docxPara])));
  });
});
