import { useRef, type KeyboardEvent } from 'react';

export type ReviewView = 'grid' | 'summary' | 'overall' | 'actions' | 'people' | 'terms' | 'meeting';

export interface ReviewTab {
  id: ReviewView;
  label: string;
}

/** The review's parts as tabs at the top (ARIA tabs: one tab stop, arrow keys move and select). */
export function ReviewTabs({
  tabs,
  view,
  onChange,
}: {
  tabs: readonly ReviewTab[];
  view: ReviewView;
  onChange: (view: ReviewView) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === view);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    const target =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? tabs.length - 1
          : step
            ? (index + step + tabs.length) % tabs.length
            : -1;
    const tab = tabs[target];
    if (!tab) return;
    event.preventDefault();
    onChange(tab.id);
    list.current?.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus();
  };
  return (
    <div className="review-tabs" role="tablist" aria-label="Parts of the review" ref={list} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={t.id === view}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === view ? 0 : -1}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
