// "Fetch the newest Debian kernel" for one architecture, offered only when the engine's host has apt.

import type { GoArch } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useStore } from '../../store';

export function DebianKernel({ arch }: { arch: GoArch }) {
  const available = useStore((s) => s.aptInfo?.available === true);
  const release = useStore((s) => s.aptInfo?.release);
  const fetch = useStore((s) => s.aptFetches[arch]);
  const fetchDebianKernel = useStore((s) => s.fetchDebianKernel);
  if (!available) return null;
  return (
    <div className="debian-kernel">
      <button
        type="button"
        disabled={fetch?.fetching}
        aria-label={`Fetch the newest Debian kernel for ${arch}`}
        onClick={() => void fetchDebianKernel(arch)}
      >
        Fetch the newest Debian kernel
      </button>
      {fetch?.fetching && (
        <p role="status">
          Fetching the newest {arch} kernel from this computer&apos;s Debian mirror ({release})…
        </p>
      )}
      {fetch?.fetched && (
        <p role="status" className="notice">
          Fetched {fetch.fetched.package} {fetch.fetched.version}.
        </p>
      )}
      {fetch?.error && <ErrorPanel error={fetch.error} />}
    </div>
  );
}
