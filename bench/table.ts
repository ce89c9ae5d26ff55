// What a benchmark returns (rows of baseline vs ours) and how the runner prints it.

export interface BenchRow {
  what: string;
  baseline: string;
  /** The baseline's figure (median), in `unit`. */
  baselineValue: number;
  ours: number;
  unit: string;
  /** Optional note: target, warm/cold, sample count. */
  note?: string;
  /** True when a higher figure is better (throughput); false for times and sizes. */
  higherIsBetter: boolean;
  /**
   * The median over alternating A/B pairs of each pair's advantage. Steadier than the ratio of the
   * medians when the machine's speed drifts between pairs (a shared disk), so it is the advantage
   * shown when present.
   */
  pairAdvantage?: number;
}

export type Bench = () => Promise<BenchRow[]>;

/** Median of a list of samples. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Ratio expressed so that > 1 always means "ours is better". */
export const advantage = (row: BenchRow): number =>
  row.pairAdvantage ?? (row.higherIsBetter ? row.ours / row.baselineValue : row.baselineValue / row.ours);

/** The median of baseline time / our time over pairs run back to back (> 1: ours is faster). */
export const pairedAdvantage = (baselineSeconds: number[], ourSeconds: number[]): number =>
  median(baselineSeconds.map((b, i) => b / (ourSeconds[i] ?? Number.NaN)));

export function printTable(rows: BenchRow[]): void {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
  const lines = [
    '| what | baseline | baseline figure | ours | ours/baseline advantage | note |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.baseline} | ${fmt(r.baselineValue)} ${r.unit} | ${fmt(r.ours)} ${r.unit} | ${advantage(r).toFixed(2)}x${r.pairAdvantage === undefined ? '' : ' (pairs)'} | ${r.note ?? ''} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
