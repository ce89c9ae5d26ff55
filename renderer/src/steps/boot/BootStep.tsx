// Step 2: kernels per architecture of the root, boot methods and extra command-line arguments.

import { useEffect } from 'react';
import { bootMethodNames, type BootMethod } from '../../../../contract';
import { TextField } from '../../components/TextField';
import { useFields, useStore } from '../../store';
import { bootArchsOf, bootRequestOf } from '../../store/boot-slice';
import { KernelField } from './KernelField';

const methodText: Record<BootMethod, string> = {
  bios: 'x86 BIOS (syslinux)',
  uefi: 'UEFI (x86-64, ARM64, RISC-V)',
  uboot: 'U-Boot boards (ARM64, RISC-V)',
  rpi: 'Raspberry Pi 3, 4 and 5 (ARM64)',
};

export function BootStep() {
  // The fields this step shows, each compared on its own: a kernel typed or checked renders its own field.
  const { api, loadAptInfo, methods, toggleMethod, append, setAppend, rpiFirmware, setRpiFirmware } =
    useFields(
      'api',
      'loadAptInfo',
      'methods',
      'toggleMethod',
      'append',
      'setAppend',
      'rpiFirmware',
      'setRpiFirmware',
    );
  const archs = useStore(bootArchsOf);
  const bootable = useStore((s) => bootRequestOf(s) !== undefined);
  // Whether to offer Debian kernels: asked once, when the engine is there.
  useEffect(() => void loadAptInfo(), [api, loadAptInfo]);
  return (
    <section aria-labelledby="boot-title">
      <h1 tabIndex={-1} id="boot-title">
        Make it bootable
      </h1>
      {archs.map((arch) => (
        <KernelField key={arch} arch={arch} />
      ))}
      <fieldset>
        <legend>Boot methods</legend>
        {bootMethodNames.map((m) => (
          <label key={m} className="toggle arch">
            <input type="checkbox" checked={methods.includes(m)} onChange={() => toggleMethod(m)} />
            {methodText[m]}
          </label>
        ))}
      </fieldset>
      {methods.includes('rpi') && (
        <>
          <TextField
            label="Raspberry Pi firmware (raspi-firmware .deb)"
            value={rpiFirmware}
            placeholder="raspi-firmware_<version>_all.deb"
            onChange={setRpiFirmware}
          />
          {!rpiFirmware.trim() && (
            <p role="status" className="notice">
              Without the firmware package only a Raspberry Pi 5 starts from this stick: the Pi 3 and 4 read
              their firmware from the stick, the Pi 5 has it built in.
            </p>
          )}
        </>
      )}
      <TextField
        label="Extra kernel command-line arguments"
        value={append}
        placeholder="e.g. loglevel=7"
        onChange={setAppend}
      />
      {!bootable && (
        <p role="status" className="notice">
          No kernel chosen: the stick will hold the root&apos;s files but will not boot.
        </p>
      )}
    </section>
  );
}
