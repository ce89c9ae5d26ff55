// The Boot step's "Fetch the newest Debian kernel": asked only when the engine reports apt, and a fetched
// package fills and checks that architecture's field. The engine here answers as core's handlers do.

import { beforeEach, expect, test } from 'vitest';
import type { FetchedKernelDTO, KernelDTO, Result, SourceryApi } from '../../../contract';
import { appError } from '../../../contract';
import { useStore } from './index';

const fetched: FetchedKernelDTO = {
  arch: 'arm64',
  path: '/data/debian-kernels/kernels/arm64/linux-image-6.1.0-2-arm64_6.1.7-1_arm64.deb',
  package: 'linux-image-6.1.0-2-arm64',
  version: '6.1.7-1',
  mirror: 'http://127.0.0.1:1/ testrel',
};
const kernel = {
  arch: 'arm64',
  path: fetched.path,
  format: 'arm64-image',
  size: 8192,
  efi: false,
  vfat: 'builtin',
  modules: 0,
} as unknown as KernelDTO;

function engine(apt: boolean, calls: string[]): SourceryApi {
  const answer = <T>(name: string, value: Result<T>) => {
    calls.push(name);
    return Promise.resolve(value);
  };
  return {
    bootAptInfo: () =>
      answer('bootAptInfo', {
        ok: true,
        value: apt
          ? { available: true, release: 'testrel' }
          : {
              available: false,
              error: appError('E_TOOL_MISSING', 'not Debian', { hint: 'Pick a kernel file instead.' }),
            },
      }),
    bootFetchKernel: ({ arch }: { arch: string }) =>
      answer(
        'bootFetchKernel',
        arch === 'arm64'
          ? { ok: true, value: fetched }
          : { ok: false, error: appError('E_DOWNLOAD', `no linux-image-${arch}`) },
      ),
    kernelInspect: ({ path }: { path: string }) =>
      answer(`kernelInspect ${path}`, { ok: true, value: kernel }),
  } as unknown as SourceryApi;
}

beforeEach(() => useStore.setState({ aptInfo: undefined, aptFetches: {}, kernels: {} }));

test('a host with apt: the fetched .deb fills the arm64 field and is checked', async () => {
  const calls: string[] = [];
  useStore.setState({ api: engine(true, calls) });
  await useStore.getState().loadAptInfo();
  await useStore.getState().loadAptInfo(); // asked once
  expect(useStore.getState().aptInfo).toEqual({ available: true, release: 'testrel' });
  await useStore.getState().fetchDebianKernel('arm64');
  expect(calls).toEqual(['bootAptInfo', 'bootFetchKernel', `kernelInspect ${fetched.path}`]);
  expect(useStore.getState().kernels.arm64).toMatchObject({ path: fetched.path, checking: false, kernel });
  expect(useStore.getState().aptFetches.arm64).toEqual({ fetching: false, fetched });
});

test('a failed fetch is shown for that architecture and leaves its field alone', async () => {
  useStore.setState({
    api: engine(true, []),
    kernels: { riscv64: { path: '/mine/vmlinux', checking: false } },
  });
  await useStore.getState().fetchDebianKernel('riscv64');
  expect(useStore.getState().aptFetches.riscv64?.error?.code).toBe('E_DOWNLOAD');
  expect(useStore.getState().kernels.riscv64?.path).toBe('/mine/vmlinux');
});

test('a host without apt: no action offered, the reason kept', async () => {
  useStore.setState({ api: engine(false, []) });
  await useStore.getState().loadAptInfo();
  expect(useStore.getState().aptInfo?.available).toBe(false);
  expect(useStore.getState().aptInfo?.error?.hint).toMatch(/kernel/);
});
