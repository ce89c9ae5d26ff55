// The first FAT in memory, and cluster chains read from it (checked for loops and stray clusters).

import { appError, fail, ok, type Result } from '../../../contract/errors';

const endOfChain = 0x0ffffff8;
const badCluster = 0x0ffffff7;

/** Clusters that follow each other on disk, read in one go. */
export interface ClusterRun {
  first: number;
  count: number;
}

export class FatTable {
  constructor(
    private readonly fat: Buffer,
    private readonly clusterLimit: number,
  ) {}

  entry(cluster: number): number {
    return this.fat.readUInt32LE(cluster * 4) & 0x0fffffff;
  }

  /** The chain starting at `first`, as runs of consecutive clusters; `where` names it in errors. */
  chain(first: number, where: string): Result<ClusterRun[]> {
    const runs: ClusterRun[] = [];
    let seen = 0;
    for (let cluster = first; ;) {
      if (cluster < 2 || cluster >= this.clusterLimit)
        return fail(
          appError(
            'E_VERIFY_MISMATCH',
            `${where}: its cluster chain points at cluster ${cluster}, outside the volume.`,
          ),
        );
      const last = runs[runs.length - 1];
      if (last && last.first + last.count === cluster) last.count += 1;
      else runs.push({ first: cluster, count: 1 });
      seen += 1;
      if (seen > this.clusterLimit)
        return fail(appError('E_VERIFY_MISMATCH', `${where}: its cluster chain loops.`));
      const next = this.entry(cluster);
      if (next >= endOfChain) return ok(runs);
      if (next === badCluster || next === 0)
        return fail(
          appError(
            'E_VERIFY_MISMATCH',
            `${where}: its cluster chain breaks at cluster ${cluster} (${next === 0 ? 'free' : 'bad'}).`,
          ),
        );
      cluster = next;
    }
  }
}
