import { describe, expect, it } from 'vitest';
import { bracketRatio, cpuPerEdit, perProcess, placeClients } from './cluster-split.ts';
import { clusterLayout } from './pinning.ts';

describe('placing participants over load and server processes', () => {
  it('gives every server process an even share, and every load process both server processes evenly', () => {
    for (const loads of [1, 2, 3, 4]) {
      const places = placeClients(200, loads, 2);
      expect(perProcess(places, 2)).toEqual([100, 100]);
      const odd = perProcess(placeClients(201, loads, 2), 2);
      expect(Math.abs(odd[0]! - odd[1]!)).toBe(1);
      for (let j = 0; j < loads; j++) {
        const mine = places.filter((p) => p.load === j);
        const counts = perProcess(mine, 2);
        expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('splits load processes as scenario 2 does (participant i in load process i mod loads)', () => {
    expect(placeClients(6, 4, 2).map((p) => p.load)).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('spreads three server processes evenly too', () => {
    expect(perProcess(placeClients(300, 4, 3), 3)).toEqual([100, 100, 100]);
  });

  it('puts everyone on the one process when there is one', () => {
    expect(perProcess(placeClients(50, 2, 1), 1)).toEqual([50]);
  });

  it('refuses no load process or no server process', () => {
    expect(() => placeClients(10, 0, 2)).toThrow(/at least one/);
    expect(() => placeClients(10, 2, 0)).toThrow(/at least one/);
  });
});

describe('the ratio of two searched limits', () => {
  it('brackets the ratio by the searches’ last passes and first failures', () => {
    const r = bracketRatio({ best: 800, firstFailure: 1000 }, { best: 500, firstFailure: 600 });
    expect(r.estimate).toBeCloseTo(1.6);
    expect(r.low).toBeCloseTo(800 / 600);
    expect(r.high).toBeCloseTo(1000 / 500);
  });

  it('leaves a bound open when a search found no failure or no pass', () => {
    const noFailure = bracketRatio(
      { best: 800, firstFailure: Number.POSITIVE_INFINITY },
      { best: 500, firstFailure: 600 },
    );
    expect(noFailure.low).toBeCloseTo(800 / 600);
    expect(noFailure.high).toBeNaN();
    const noPass = bracketRatio({ best: 0, firstFailure: 25 }, { best: 500, firstFailure: 600 });
    expect(noPass.estimate).toBeNaN();
    expect(noPass.low).toBeNaN();
  });
});

describe('CPU per edit', () => {
  it('is µs of CPU per edit sent', () => {
    expect(cpuPerEdit(0.5, 1000)).toBeCloseTo(500);
    expect(cpuPerEdit(0.5, 0)).toBeNaN();
    expect(cpuPerEdit(Number.NaN, 10)).toBeNaN();
  });
});

describe('the cores of scenario 11', () => {
  it('gives each server process a core and the load the rest from four cores up', () => {
    expect(clusterLayout(4)).toEqual({ servers: ['0', '1'], load: '2,3', shared: false });
    expect(clusterLayout(8)).toEqual({ servers: ['0', '1'], load: '2-7', shared: false });
  });

  it('on two or three cores puts the load on every core, shared with the servers, and says so', () => {
    expect(clusterLayout(2)).toEqual({ servers: ['0', '1'], load: '0-1', shared: true });
    expect(clusterLayout(3)).toEqual({ servers: ['0', '1'], load: '0-2', shared: true });
  });

  it('pins nothing on one core', () => {
    expect(clusterLayout(1)).toBeNull();
  });
});
