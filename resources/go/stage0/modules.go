// Loads the kernel modules the engine put in the initramfs, in the dependency order it wrote down.
package main

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

func loadModules(quiet bool) {
	data, err := os.ReadFile(orderFile)
	if err != nil {
		return // VFAT and the disk drivers are built in: nothing to load
	}
	for _, path := range strings.Fields(string(data)) {
		if err := loadModule(path); err != nil {
			// A driver for hardware this machine lacks fails with ENODEV; the mount reports what matters.
			if !quiet || err != syscall.ENODEV {
				logf("module %s: %v", path, err)
			}
		}
	}
}

func loadModule(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	params, _ := syscall.BytePtrFromString("")
	_, _, errno := syscall.Syscall(sysFinitModule, file.Fd(), uintptr(unsafe.Pointer(params)), 0)
	if errno != 0 && errno != syscall.EEXIST {
		return errno
	}
	return nil
}
