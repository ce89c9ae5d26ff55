// Step 2: kernels per architecture, boot methods and extra command-line arguments.

import { NotLanded } from '../../components/NotLanded';
import { useStore } from '../../store';

export function BootStep() {
  const boot = useStore((s) => s.info?.capabilities.boot ?? false);
  return (
    <section aria-labelledby="boot-title">
      <h1 id="boot-title">Make it bootable</h1>
      {!boot && <NotLanded what="Choosing kernels and boot methods" />}
    </section>
  );
}
