import { stringify } from 'csv-stringify/sync';
import { ratingColumns, ratingRecord, type ExportModel } from './model.ts';

/**
 * The tidy ratings table as CSV: RFC 4180 (CRLF, fields quoted where needed), UTF-8 with a byte
 * order mark so Excel reads accents and dashes correctly.
 */
export function renderCsv(model: ExportModel): Uint8Array {
  const text = stringify([[...ratingColumns], ...model.rows.map(ratingRecord)], {
    bom: true,
    record_delimiter: 'windows',
    // Text people typed is data, never a formula: a leading = + - @ gets a ' in front.
    escape_formulas: true,
  });
  return new TextEncoder().encode(text);
}
