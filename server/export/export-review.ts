import { exportDocument } from './document-cache.ts';
import { buildExportModel, type ExportFormat, type ExportSource } from './model.ts';
import { render } from './render.ts';

/** Rebuild the document, resolve it into the export model and render it: all of it on the export thread. */
export async function exportReview(format: ExportFormat, source: ExportSource): Promise<Uint8Array> {
  const bytes = await render(format, buildExportModel(source, exportDocument(source)));
  // A buffer of its own, so it can be transferred to the main thread without a copy.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
