import { useEffect, useId, useRef, useState } from 'react';

const formats = [
  { id: 'docx', label: 'Word (.docx)', what: 'the Word document' },
  { id: 'pdf', label: 'PDF (A4)', what: 'the PDF' },
  { id: 'xlsx', label: 'Excel (.xlsx)', what: 'the Excel workbook' },
  { id: 'csv', label: 'CSV (ratings table)', what: 'the CSV file' },
] as const;
type Format = (typeof formats)[number];

type State =
  { kind: 'idle' } | { kind: 'building'; format: Format } | { kind: 'failed'; format: Format; message: string };

/** The file name the server offers, else one made from the review's title. */
function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/** Hand a downloaded file to the browser, as if a link to it had been clicked. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the browser start reading the file before the address is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * "Download" in the review's header: Word, PDF, Excel or CSV of the review as stored now. Says
 * what it is preparing while the server builds the file, and why if it could not.
 */
export function ExportMenu({ reviewId, title }: { reviewId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  async function download(format: Format) {
    setOpen(false);
    toggle.current?.focus();
    setState({ kind: 'building', format });
    try {
      const res = await fetch(`/api/reviews/${encodeURIComponent(reviewId)}/export?format=${format.id}`);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `the server answered ${res.status} ${res.statusText}`);
      }
      save(await res.blob(), fileNameOf(res, `${title}.${format.id}`));
      setState({ kind: 'idle' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setState({
        kind: 'failed',
        format,
        message: message === 'Failed to fetch' ? 'the server could not be reached; check your connection' : message,
      });
    }
  }

  const busy = state.kind === 'building';
  return (
    <div className="export-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="export-toggle"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={busy}
        onClick={() => setOpen((o) => !o)}
      >
        Download <span aria-hidden="true">▾</span>
      </button>
      <ul id={menuId} className="export-options" hidden={!open} aria-label="Download this review as">
        {formats.map((f) => (
          <li key={f.id}>
            <button type="button" data-format={f.id} onClick={() => void download(f)}>
              {f.label}
            </button>
          </li>
        ))}
      </ul>
      <div className="export-status" role="status" aria-live="polite">
        {busy && (
          <>
            <progress aria-label={`Preparing ${state.format.what}`} />
            <span>Preparing {state.format.what}…</span>
          </>
        )}
      </div>
      {state.kind === 'failed' && (
        <p className="export-error" role="alert">
          Could not download {state.format.what}: {state.message}.{' '}
          <button type="button" className="link-button" onClick={() => void download(state.format)}>
            Try again
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setState({ kind: 'idle' })}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
