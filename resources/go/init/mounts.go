// The file systems init mounts: kernel ones, and tmpfs where the read-only stick must not be written.
package main

import (
	"os"
	"syscall"
)

type mountPoint struct {
	source, target, fstype, data string
	flags                        uintptr
}

var mounts = []mountPoint{
	{"devtmpfs", "/dev", "devtmpfs", "", syscall.MS_NOSUID},
	{"proc", "/proc", "proc", "", syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC},
	{"sysfs", "/sys", "sysfs", "", syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC},
	{"devpts", "/dev/pts", "devpts", "newinstance,ptmxmode=666", syscall.MS_NOSUID | syscall.MS_NOEXEC},
	{"tmpfs", "/tmp", "tmpfs", "mode=1777", syscall.MS_NOSUID | syscall.MS_NODEV},
	{"tmpfs", "/ubin", "tmpfs", "mode=755", syscall.MS_NODEV},
	{"tmpfs", "/.cache", "tmpfs", "mode=755", syscall.MS_NODEV},
}

func (m mountPoint) mount() error {
	// Mount points under /dev live in devtmpfs, which is writable; the others exist on the stick.
	if err := os.MkdirAll(m.target, 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	err := syscall.Mount(m.source, m.target, m.fstype, m.flags, m.data)
	if err == syscall.EBUSY {
		return nil // already mounted, e.g. devtmpfs by the kernel's CONFIG_DEVTMPFS_MOUNT
	}
	return err
}
