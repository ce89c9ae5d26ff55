// Tests: fast-check arbitraries for bridge requests: random values and mutations of valid ones.

import fc from 'fast-check';
import { invokeNames, type InvokeName } from '../../../contract';

/** One valid request per operation, the seed that mutations start from. */
export const validExamples: Record<InvokeName, Record<string, unknown>> = {
  appInfo: {},
  drivesList: { includeLoop: true },
  flashStart: {
    jobId: 'j1',
    tree: '/tmp/tree',
    targets: [{ device: '/dev/sdz', size: 8e9, description: 'stick' }],
    size: 64 * 1024 * 1024,
    confirmedLarge: [],
    boot: { kernels: { amd64: '/tmp/k' }, methods: ['uefi'], append: 'quiet' },
  },
  flashCancel: { jobId: 'j1' },
  drivesEject: { device: '/dev/sdz' },
  rootInspect: { dir: '/tmp/tree' },
  rootBuild: {
    jobId: 'j',
    out: '/tmp/o',
    archs: ['amd64'],
    sources: [{ repo: 'https://x/y', commands: ['ls'] }],
  },
  rootFetch: { jobId: 'j', url: 'https://example.org/r.tar', out: '/tmp/o', sha256: 'a'.repeat(64) },
  rootOpen: { jobId: 'j', path: '/tmp/r.tar' },
  rootCancel: { jobId: 'j' },
  kernelInspect: { arch: 'amd64', path: '/tmp/k' },
  workshopStart: { jobId: 'j', tree: '/tmp/t', drives: ['/dev/sdz'], eject: false },
  workshopStop: { jobId: 'j' },
  bootTest: { jobId: 'j', image: '/tmp/i.img', arch: 'amd64', timeoutSeconds: 30 },
  bootTestCancel: { jobId: 'j' },
  filesBrowse: { field: 'root', dir: '/tmp' },
  filesChoose: { field: 'kernel', path: '/tmp/k' },
  filesDialog: { field: 'image' },
  filesDropped: { field: 'root', path: '/tmp/r.tar' },
  settingsGet: {},
  settingsSave: { root: '/tmp/tree', kernels: { amd64: '/tmp/k' }, methods: ['uefi'] },
  channelAdd: { url: 'https://example.org/c/channel.json', key: `RW${'Q'.repeat(54)}` },
  channelList: {},
  channelRemove: { url: 'https://example.org/c/channel.json' },
  channelFetch: {
    jobId: 'j',
    url: 'https://example.org/c/channel.json',
    sha256: 'b'.repeat(64),
    archs: ['amd64'],
  },
  bootAptInfo: {},
  bootFetchKernel: { jobId: 'j', arch: 'arm64' },
};

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    '../../etc/shadow',
    '-oProxyCommand=x',
    '\u0000',
    1e308,
    -0,
    NaN,
  ),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 400 }),
);

/** A mutation of a valid payload: a key's value replaced or removed, or a key added. */
const mutated = (example: Record<string, unknown>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(example), 'extra'), hostileValue).map(([key, value]) => ({
      ...example,
      [key]: value,
    })),
    fc.constantFrom(...Object.keys(example), 'none').map((key) => {
      const copy = { ...example };
      delete copy[key];
      return copy;
    }),
  );

/** [name, payload]: a known name with a random or mutated payload, or a random name. */
export const requestArbitrary: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(fc.constantFrom(...invokeNames), hostileValue),
  fc.constantFrom(...invokeNames).chain((name) => fc.tuple(fc.constant(name), mutated(validExamples[name]))),
  fc.tuple(
    fc.constantFrom(...invokeNames),
    fc.constantFrom(...invokeNames).map((name) => validExamples[name]),
  ),
  fc.tuple(fc.oneof(fc.string(), fc.anything({ maxDepth: 1 })), hostileValue),
);
