// Step 3: the live drive list; several drives may be chosen; system drives hidden unless asked for.

import { useEffect } from 'react';
import { isFixedDisk } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useFields } from '../../store';
import { DriveRow } from './DriveRow';
import { ImageTargetField } from './ImageTargetField';
import { WorkshopPanel } from './WorkshopPanel';

export function DrivesStep() {
  const {
    drives,
    drivesError,
    selected,
    showSystem,
    includeLoop,
    loadDrives,
    setDrives,
    toggleDrive,
    setShowSystem,
    setIncludeLoop,
    showFixed,
    fixedTyped,
    setShowFixed,
    typeFixedName,
    workshopMode,
    workshopJobId,
    setWorkshopMode,
    api,
  } = useFields(
    'drives',
    'drivesError',
    'selected',
    'showSystem',
    'includeLoop',
    'loadDrives',
    'setDrives',
    'toggleDrive',
    'setShowSystem',
    'setIncludeLoop',
    'showFixed',
    'fixedTyped',
    'setShowFixed',
    'typeFixedName',
    'workshopMode',
    'workshopJobId',
    'setWorkshopMode',
    'api',
  );
  useEffect(() => {
    void loadDrives();
    return api?.onDrivesChanged(setDrives);
  }, [api, loadDrives, setDrives]);
  const visible = drives.filter(
    (d) => (showSystem || !d.system) && (showFixed || d.system || !isFixedDisk(d)),
  );
  const hidden = drives.filter((d) => d.system && !showSystem).length;
  const hiddenFixed = drives.filter((d) => !d.system && isFixedDisk(d) && !showFixed).length;
  return (
    <section aria-labelledby="drives-title">
      <h1 tabIndex={-1} id="drives-title">
        Choose the sticks to write
      </h1>
      {drivesError && <ErrorPanel error={drivesError} />}
      {visible.length === 0 ? (
        <p role="status">No removable drives found. Plug in a USB stick; it appears here by itself.</p>
      ) : (
        <ul className="drive-list" aria-label="Drives">
          {visible.map((drive) => (
            <DriveRow
              key={drive.device}
              drive={drive}
              checked={selected.includes(drive.device)}
              onToggle={() => toggleDrive(drive.device)}
              fixedTyped={fixedTyped.includes(drive.device)}
              onTypeName={(typed) => typeFixedName(drive.device, typed)}
            />
          ))}
        </ul>
      )}
      <label className="toggle">
        <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} />
        Show system drives{hidden > 0 ? ` (${hidden} hidden)` : ''}
      </label>
      <label className="toggle">
        <input type="checkbox" checked={showFixed} onChange={(e) => setShowFixed(e.target.checked)} />
        Show fixed disks (internal disks: erased only after you type their name)
        {hiddenFixed > 0 ? ` (${hiddenFixed} hidden)` : ''}
      </label>
      <label className="toggle">
        <input type="checkbox" checked={includeLoop} onChange={(e) => setIncludeLoop(e.target.checked)} />
        Show loop devices (disk images attached with losetup)
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={workshopMode}
          disabled={workshopJobId !== undefined}
          onChange={(e) => setWorkshopMode(e.target.checked)}
        />
        Workshop mode: flash every stick I plug in
      </label>
      {workshopMode ? <WorkshopPanel /> : <ImageTargetField />}
    </section>
  );
}
