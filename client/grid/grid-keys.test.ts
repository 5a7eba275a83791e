import { describe, expect, it } from 'vitest';
import { nextCell, parseCellKey, type GridCell } from './grid-keys.ts';

// Five criteria, three levels and N/A; criterion 2 is not judged (only its heading takes focus).
const size = { rows: 5, levels: 3 };
const focusable = ({ row, col }: GridCell) => row >= 0 && row < 5 && (col === -1 || row !== 2);

describe('the grid keys, worked out without the page', () => {
  it('moves with the arrows, skipping cells with nothing to focus', () => {
    expect(nextCell({ row: 1, col: 0 }, 'ArrowDown', size, focusable)).toEqual({ row: 3, col: 0 });
    expect(nextCell({ row: 3, col: 1 }, 'ArrowUp', size, focusable)).toEqual({ row: 1, col: 1 });
    expect(nextCell({ row: 2, col: -1 }, 'ArrowDown', size, focusable)).toEqual({ row: 3, col: -1 });
    expect(nextCell({ row: 0, col: 2 }, 'ArrowRight', size, focusable)).toEqual({ row: 0, col: 3 });
    expect(nextCell({ row: 0, col: 0 }, 'ArrowLeft', size, focusable)).toEqual({ row: 0, col: -1 });
  });

  it('stops at the edges', () => {
    expect(nextCell({ row: 4, col: 0 }, 'ArrowDown', size, focusable)).toBeNull();
    expect(nextCell({ row: 0, col: 0 }, 'ArrowUp', size, focusable)).toBeNull();
    expect(nextCell({ row: 0, col: 3 }, 'ArrowRight', size, focusable)).toBeNull();
    expect(nextCell({ row: 0, col: -1 }, 'ArrowLeft', size, focusable)).toBeNull();
    expect(nextCell({ row: 2, col: -1 }, 'ArrowRight', size, focusable)).toBeNull();
  });

  it('goes to the first and last level with Home and End, where the row has levels', () => {
    expect(nextCell({ row: 3, col: -1 }, 'Home', size, focusable)).toEqual({ row: 3, col: 0 });
    expect(nextCell({ row: 3, col: 3 }, 'End', size, focusable)).toEqual({ row: 3, col: 2 });
    expect(nextCell({ row: 2, col: -1 }, 'End', size, focusable)).toBeNull();
  });

  it('leaves other keys alone', () => {
    expect(nextCell({ row: 0, col: 0 }, 'Enter', size, focusable)).toBeNull();
    expect(nextCell({ row: 0, col: 0 }, 'PageDown', size, focusable)).toBeNull();
  });

  it('reads a cell key, refusing anything else', () => {
    expect(parseCellKey('12:-1')).toEqual({ row: 12, col: -1 });
    expect(parseCellKey(null)).toBeNull();
    expect(parseCellKey('x:1')).toBeNull();
    expect(parseCellKey('3')).toBeNull();
  });
});
