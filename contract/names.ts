// Operation and event names, and the one place that turns them into channel names.

/** Every request the renderer (or a CLI client) can make; one method each on `window.sourcery`. */
export const invokeNames = [
  'appInfo',
  'drivesList',
  'flashStart',
  'flashCancel',
  'drivesEject',
  'rootInspect',
  'rootBuild',
  'rootFetch',
  'rootOpen',
  'rootCancel',
  'kernelInspect',
  'workshopStart',
  'workshopStop',
  'bootTest',
  'bootTestCancel',
  'filesBrowse',
  'filesChoose',
  'filesDialog',
  'filesDropped',
  'settingsGet',
  'settingsSave',
  'channelAdd',
  'channelList',
  'channelRemove',
  'channelFetch',
  'bootAptInfo',
  'bootFetchKernel',
] as const;

/** Every push from the engine to the renderer; `on<Name>(cb)` on `window.sourcery`. */
export const eventNames = ['drivesChanged', 'jobProgress', 'jobLog', 'workshopTally'] as const;

/** The wizard's path fields: the root (folder or archive), a kernel or .deb, an image file to save. */
export const pathFields = ['root', 'kernel', 'image'] as const;
export type PathField = (typeof pathFields)[number];

export type InvokeName = (typeof invokeNames)[number];
export type EventName = (typeof eventNames)[number];

export const invokeChannel = (name: InvokeName): string => `sourcery:invoke:${name}`;
export const eventChannel = (name: EventName): string => `sourcery:event:${name}`;

export const subscribeMethod = <K extends EventName>(name: K): `on${Capitalize<K>}` =>
  `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<K>}`;
