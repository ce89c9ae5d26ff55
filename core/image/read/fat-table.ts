// The first FAT in memory, and cluster chains read from it (checked for loops, cross-links and strays).

import { appError, fail, ok, type Result } from '../../../contract/errors';

const endOfChain = 0x0ffffff8;
const badCluster = 0x0ffffff7;

/** Clusters that follow each other on disk, read in one go. */
export interface ClusterRun {
  first: number;
  count: number;
}

export class FatTable {
  /** One bit per cluster already in a chain: a second claim is a loop or a cross-link (damage). */
  private readonly used: Uint32Array;

  constructor(
    private readonly fat: Buffer,
    private readonly clusterLimit: number,
  ) {
    this.used = new Uint32Array(Math.ceil(clusterLimit / 32));
  }

  entry(cluster: number): number {
    return this.fat.readUInt32LE(cluster * 4) & 0x0fffffff;
  }

  /** The chain starting at `first`, as runs of consecutive clusters; `where` names it in errors. */
  chain(first: number, where: string): Result<ClusterRun[]> {
    const runs: ClusterRun[] = [];
    for (let cluster = first; ;) {
      if (cluster < 2 || cluster >= this.clusterLimit)
        return fail(
          appError(
            'E_VERIFY_MISMATCH',
            `${where}: its cluster chain points at cluster ${cluster}, outside the volume.`,
          ),
        );
      // Each cluster belongs to one chain; so walking every chain costs at most one pass over the FAT.
      const bit = 1 << (cluster & 31);
      const word = cluster >>> 5;
      if (((this.used[word] ?? 0) & bit) !== 0)
        return fail(
          appError(
            'E_VERIFY_MISMATCH',
            `${where}: its cluster chain loops, or shares cluster ${cluster} with another file.`,
          ),
        );
      this.used[word] = (this.used[word] ?? 0) | bit;
      const last = runs[runs.length - 1];
      if (last && last.first + last.count === cluster) last.count += 1;
      else runs.push({ first: cluster, count: 1 });
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
