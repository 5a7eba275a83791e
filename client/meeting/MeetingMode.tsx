import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';
import { PresenceList } from '../components/PresenceList.tsx';
import { useRating } from '../doc/hooks.ts';
import { useGrid } from '../grid/context.ts';
import { useCursor } from '../grid/cursor.ts';
import { Descriptor } from '../grid/Descriptor.tsx';
import { OtherTrackMark, RoundMarks } from '../grid/LevelCell.tsx';
import { MeetingKeys, useMeetingSteps } from './MeetingKeys.tsx';
import { useFollowPhase, useParticipants } from './hooks.ts';
import { RoundPanel } from './RoundPanel.tsx';

/** Largest and smallest descriptor text, in px: as large as fits, never smaller than a projector can show. */
const LARGEST = 26;
const SMALLEST = 12;

/**
 * Shrink the stage's text until the whole criterion fits its box (binary search on the font size),
 * so a criterion with long descriptors is still seen whole; below SMALLEST the stage scrolls.
 * Fits again whenever the box changes size; returns the cleanup.
 */
function fitText(element: HTMLElement): () => void {
  const fit = () => {
    let [low, high] = [SMALLEST, LARGEST];
    while (high - low > 0.5) {
      const mid = (low + high) / 2;
      element.style.fontSize = `${mid}px`;
      if (element.scrollHeight <= element.clientHeight + 1) low = mid;
      else high = mid;
    }
    element.style.fontSize = `${low}px`;
  };
  fit();
  const observer = new ResizeObserver(fit);
  observer.observe(element);
  return () => observer.disconnect();
}

/** Text length of a level's descriptor: columns are sized by it, so a long one is wide rather than tall. */
function weightOf(criterion: Criterion, level: string): number {
  const items = criterion.descriptors[level] ?? [];
  return items.reduce<number>((n, item) => n + (typeof item === 'string' ? item : item.text).length + 40, 40);
}

const MARKS = ['*', '†', '‡', '§'];

/** Notes the source repeats on several items of a criterion, each given a mark to print once below. */
function footnotesOf(criterion: Criterion): Map<string, string> {
  const counts = new Map<string, number>();
  for (const items of Object.values(criterion.descriptors))
    for (const item of items)
      if (typeof item !== 'string' && item.note) counts.set(item.note, (counts.get(item.note) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).slice(0, MARKS.length);
  return new Map(repeated.map(([note], i) => [note, MARKS[i]!]));
}

function Level({
  criterion,
  level,
  footnotes,
}: {
  criterion: Criterion;
  level: { id: string; label: string };
  footnotes: ReadonlyMap<string, string>;
}) {
  const { review, track, phase } = useGrid();
  const rating = useRating(review, track, criterion.id, phase);
  const others = review.framework.tracks.filter((t) => t.id !== track);
  const selected = rating === level.id;
  return (
    <li className={selected ? 'meeting-level selected' : 'meeting-level'} data-level={level.id}>
      <h3>{level.label}</h3>
      <Descriptor items={criterion.descriptors[level.id] ?? []} footnotes={footnotes} />
      <p className="cell-marks">
        {selected && <span className="selected-mark">Current rating</span>}
        <RoundMarks criterion={criterion.id} level={level.id} />
        {others.map((t) => (
          <OtherTrackMark key={t.id} track={t} criterion={criterion.id} level={level.id} />
        ))}
      </p>
    </li>
  );
}

/** Column widths in proportion to the descriptors' lengths, none narrower than half the widest. */
function columnsOf(criterion: Criterion, levels: readonly { id: string }[]): string {
  const weights = levels.map((l) => weightOf(criterion, l.id));
  const floor = Math.max(...weights) / 2;
  return weights.map((w) => `minmax(0, ${Math.max(w, floor)}fr)`).join(' ');
}

/** The judgement and phase the meeting is on, where the framework has more than one. */
function MeetingScope() {
  const { review, track, phase, setTrack, setPhase } = useGrid();
  const fw = review.framework;
  const phases = fw.phases ?? [];
  if (fw.tracks.length < 2 && phases.length === 0) return null;
  return (
    <div className="meeting-scope">
      {fw.tracks.length > 1 && setTrack && (
        <label>
          Judgement{' '}
          <select value={track} onChange={(e) => setTrack(e.target.value)}>
            {fw.tracks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {phases.length > 0 && setPhase && (
        <label>
          Phase{' '}
          <select value={phase} onChange={(e) => setPhase(e.target.value)}>
            {phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/**
 * Meeting (projector) mode: one criterion large and whole — its title and every level's descriptor —
 * with the round panel beside it and who is here in a strip. The facilitator steps through criteria
 * from the keyboard, and the criterion shown is spotlit, so everyone following is brought to it.
 */
export function MeetingMode() {
  const { review, awareness, cursor, live, phase } = useGrid();
  const people = useParticipants(awareness);
  const mine = useCursor(cursor);
  const facilitator = live?.role === 'facilitator';
  const spotlight = people.find((p) => p.role === 'facilitator' && p.spotlight)?.spotlight ?? null;
  const id = facilitator ? mine : (spotlight ?? mine);
  const steps = useMeetingSteps();
  const fw = review.framework;
  const criteria = fw.sections.flatMap((s) => s.criteria);
  const index = criteria.findIndex((c) => c.id === id);
  const criterion = criteria[index];
  const section = fw.sections.find((s) => s.criteria.some((c) => c.id === id));
  const stage = useRef<HTMLDivElement>(null);
  const footnotes = useMemo(() => (criterion ? footnotesOf(criterion) : new Map<string, string>()), [criterion]);
  // Fit again when the criterion or phase shown changes.
  useLayoutEffect(() => (stage.current ? fitText(stage.current) : undefined), [id, phase]);

  // On a projector nothing but the review's title and tabs stays above the criterion.
  useEffect(() => {
    document.body.classList.add('meeting-mode-on');
    return () => document.body.classList.remove('meeting-mode-on');
  }, []);
  // The facilitator's criterion is the one everyone follows.
  const setSpotlight = live?.setSpotlight;
  useEffect(() => {
    if (facilitator && id) setSpotlight?.(id);
  }, [facilitator, id, setSpotlight]);
  useFollowPhase();

  if (!criterion) return <p className="empty">Choose a criterion in the grid to show it here.</p>;
  const judged = review.model.phasesOf.get(criterion.id)?.includes(phase) ?? false;
  const phaseLabel = fw.phases?.find((p) => p.id === phase)?.label;
  return (
    <section className="meeting-mode" aria-labelledby="meeting-criterion" data-criterion={criterion.id}>
      {/* Focusable, so a criterion too long for the screen can still be scrolled from the keyboard. */}
      <div className="meeting-stage" ref={stage} tabIndex={0}>
        <p className="meeting-where">
          {section?.title} · criterion {index + 1} of {criteria.length}
          {phaseLabel && ` · ${phaseLabel}`}
          {!facilitator && spotlight === criterion.id && ' · following the facilitator'}
        </p>
        {/* Said once per criterion, so someone following by screen reader hears where the meeting went. */}
        <p className="visually-hidden" role="status">
          Now on {criterion.code ? `${criterion.code} ` : ''}
          {criterion.title}
        </p>
        <h2 id="meeting-criterion">
          {criterion.code && <span className="code">{criterion.code}</span>} {criterion.title}
        </h2>
        {criterion.pending && <p className="pending">{criterion.pending} — no descriptors in the source yet.</p>}
        {!judged && <p className="muted">Not judged in {phaseLabel ?? 'this phase'}.</p>}
        <ol className="meeting-levels" style={{ gridTemplateColumns: columnsOf(criterion, fw.scale.levels) }}>
          {fw.scale.levels.map((level) => (
            <Level key={level.id} criterion={criterion} level={level} footnotes={footnotes} />
          ))}
        </ol>
        {footnotes.size > 0 && (
          <ul className="meeting-footnotes" aria-hidden="true">
            {[...footnotes].map(([note, mark]) => (
              <li key={mark}>
                {mark} {note}
              </li>
            ))}
          </ul>
        )}
      </div>
      <aside className="meeting-side" aria-label="Meeting controls and round">
        {facilitator && <MeetingKeys steps={steps} criterion={criterion} judged={judged} />}
        <MeetingScope />
        <RoundPanel compact />
      </aside>
      <div className="meeting-presence">
        <PresenceList awareness={awareness} />
      </div>
    </section>
  );
}
