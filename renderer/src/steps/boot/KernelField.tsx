// One architecture's kernel: a file or linux-image .deb, checked by the engine as soon as it is entered.

import type { GoArch } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PathField } from '../../components/PathField';
import { formatBytes } from '../../format';
import { useFields, useStore } from '../../store';
import { DebianKernel } from './DebianKernel';

const vfatText = {
  builtin: 'reads FAT itself',
  module: 'reads FAT through modules',
  unknown: 'FAT support unknown (no config file beside it)',
  absent: 'cannot read FAT',
} as const;

export function KernelField({ arch }: { arch: GoArch }) {
  const choice = useStore((s) => s.kernels[arch]);
  const { setKernelPath, checkKernel } = useFields('setKernelPath', 'checkKernel');
  return (
    <div className="kernel-field">
      <PathField
        label={`Kernel for ${arch} (a kernel file or a linux-image .deb)`}
        value={choice?.path ?? ''}
        onChange={(path) => setKernelPath(arch, path)}
        onBlur={() => void checkKernel(arch)}
        onKeyDown={(e) => e.key === 'Enter' && void checkKernel(arch)}
        target={{ field: 'kernel', arch }}
        browseName={`Browse for the ${arch} kernel`}
      >
        <button
          type="button"
          disabled={!choice?.path.trim() || choice.checking}
          onClick={() => void checkKernel(arch, true)}
        >
          Check
        </button>
      </PathField>
      <DebianKernel arch={arch} />
      {choice?.checking && <p role="status">Checking…</p>}
      {choice?.kernel && (
        <p role="status" className="kernel-ok">
          ✓ {choice.kernel.format} for {choice.kernel.arch}
          {choice.kernel.version ? `, ${choice.kernel.version}` : ''}, {formatBytes(choice.kernel.size)},{' '}
          {vfatText[choice.kernel.vfat]}
          {choice.kernel.modules > 0 ? ` (${choice.kernel.modules} modules)` : ''}
          {choice.kernel.efi ? ', EFI stub' : ''}
        </p>
      )}
      {choice?.error && <ErrorPanel error={choice.error} />}
    </div>
  );
}
