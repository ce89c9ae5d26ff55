// Files the composer adds for booting (core/boot), so `verify` does not call them extra.

const bootPaths = [
  /^\/boot(\/|$)/,
  /^\/EFI(\/|$)/,
  /^\/boot\.scr$/,
  /^\/ldlinux\.(c32|sys)$/,
  /^\/syslinux\.cfg$/,
];

export const isBootFile = (path: string): boolean => bootPaths.some((pattern) => pattern.test(path));
