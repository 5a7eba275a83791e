/** How a criterion's row is found once it is in the page: by its `data-criterion`. */
export const criterionRow = (criterion: string): HTMLElement | null =>
  document.querySelector<HTMLElement>(`tr[data-criterion="${CSS.escape(criterion)}"]`);

type Reveal = (criterion: string) => Promise<HTMLElement | null>;

/**
 * Brings a criterion's row into the page and resolves with it. A virtualised grid renders only the
 * rows near the screen, so whatever scrolls to or marks a row (a summary link, the facilitator's
 * previous/next, following a spotlight) asks the grid for it here instead of querying the page.
 */
export class RowRevealer {
  private reveal: Reveal | null = null;

  /** The grid on screen registers how it renders a row; returns the detach. */
  attach(reveal: Reveal): () => void {
    this.reveal = reveal;
    return () => {
      if (this.reveal === reveal) this.reveal = null;
    };
  }

  /** The row, rendered (and kept rendered until another is asked for); null if no grid shows it. */
  row = (criterion: string): Promise<HTMLElement | null> =>
    this.reveal ? this.reveal(criterion) : Promise.resolve(criterionRow(criterion));
}

/** Resolves once an element has stayed put for a few frames (at most a second or so). */
export function settled(element: Element): Promise<void> {
  return new Promise((resolve) => {
    let last = Number.NaN;
    let still = 0;
    let frames = 0;
    const check = () => {
      const top = element.getBoundingClientRect().top;
      still = Math.abs(top - last) < 1 ? still + 1 : 0;
      last = top;
      if (still >= 3 || ++frames > 60) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
