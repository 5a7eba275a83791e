/**
 * What "current rating" and "agreed rating" mean, one click away from the grid: a disclosure
 * (a native details element), so it works from the keyboard and is read by screen readers.
 */
export function RatingHelp() {
  return (
    <details className="rating-help">
      <summary>Current or agreed rating?</summary>
      <dl>
        <dt>
          <span className="selected-mark">Current rating</span>
        </dt>
        <dd>
          The working rating of this judgement. Anyone who can edit may set or change it at any time, and the last
          change stands; who changed it, and when, is under <em>Focus &amp; evidence → History</em>.
        </dd>
        <dt>
          <span className="track-mark agreed">Agreed</span>
        </dt>
        <dd>
          What the meeting agreed, recorded by a facilitator when closing a silent round (which sets the current rating
          to it too). It changes only when a facilitator records another; locking the criterion stops anyone else
          changing the current rating.
        </dd>
      </dl>
    </details>
  );
}
