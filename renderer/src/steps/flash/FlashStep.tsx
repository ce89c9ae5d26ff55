// Step 4: confirm the drives, then write and verify them with per-drive progress.

import { NotLanded } from '../../components/NotLanded';
import { useStore } from '../../store';

export function FlashStep() {
  const write = useStore((s) => s.info?.capabilities.write ?? false);
  return (
    <section aria-labelledby="flash-title">
      <h1 id="flash-title">Flash</h1>
      {!write && <NotLanded what="Writing sticks" />}
    </section>
  );
}
