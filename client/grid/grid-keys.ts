/** A cell of the rating grid by position: `row` counts criteria from 0; `col` -1 is the row heading, `levels` is N/A. */
export interface GridCell {
  row: number;
  col: number;
}

const moves: Partial<Record<string, readonly [number, number]>> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The ARIA grid pattern's keys: arrows move between a row's heading button, its level cells and its
 * N/A, and between criteria, skipping cells with nothing to focus (criteria not judged in the
 * phase); Home and End go to the row's first and last level. Worked out from the framework, not
 * the page, so it reaches rows a virtualised grid has not rendered. Null: the key is not the grid's.
 */
export function nextCell(
  from: GridCell,
  key: string,
  size: { rows: number; levels: number },
  focusable: (cell: GridCell) => boolean,
): GridCell | null {
  if (key === 'Home' || key === 'End') {
    const cell = { row: from.row, col: key === 'Home' ? 0 : size.levels - 1 };
    return focusable(cell) ? cell : null;
  }
  const move = moves[key];
  if (!move) return null;
  for (
    let cell = { row: from.row + move[0], col: from.col + move[1] };
    cell.row >= 0 && cell.row < size.rows && cell.col >= -1 && cell.col <= size.levels;
    cell = { row: cell.row + move[0], col: cell.col + move[1] }
  ) {
    if (focusable(cell)) return cell;
  }
  return null;
}

export const cellKey = ({ row, col }: GridCell): string => `${row}:${col}`;

export function parseCellKey(key: string | null): GridCell | null {
  const [row, col] = (key ?? '').split(':').map(Number);
  return row === undefined || col === undefined || Number.isNaN(row) || Number.isNaN(col) ? null : { row, col };
}
