import { renderCsv } from './csv.ts';
import { renderDocx } from './docx.ts';
import type { ExportFormat, ExportModel } from './model.ts';
import { renderPdf } from './pdf.ts';
import { renderXlsx } from './xlsx.ts';

/** Render the model in one format. */
export async function render(format: ExportFormat, model: ExportModel): Promise<Uint8Array> {
  switch (format) {
    case 'csv':
      return renderCsv(model);
    case 'pdf':
      return renderPdf(model);
    case 'docx':
      return renderDocx(model);
    case 'xlsx':
      return renderXlsx(model);
  }
}
