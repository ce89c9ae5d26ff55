// Stage-0 init for the initramfs: loads the listed modules, finds the stick by PARTUUID, mounts it
// read-only as vfat and hands over to /linux_<arch>/bin/init on it.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"
)

const (
	newRoot   = "/newroot"
	orderFile = "/lib/modules/load-order"
	waitFor   = 60 * time.Second
)

func logf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "stage0: "+format+"\n", args...)
}

// fail explains what went wrong and keeps PID 1 alive, so the message stays on the console
// instead of being buried by the kernel's "Attempted to kill init" panic.
func fail(format string, args ...interface{}) {
	logf("FATAL: "+format, args...)
	logf("the stick cannot be started; check that it was written completely, or write it again")
	for {
		time.Sleep(time.Hour)
	}
}

func main() {
	must(syscall.Mount("devtmpfs", "/dev", "devtmpfs", 0, ""), "mount /dev")
	must(syscall.Mount("proc", "/proc", "proc", 0, ""), "mount /proc")
	must(syscall.Mount("sysfs", "/sys", "sysfs", 0, ""), "mount /sys")
	cmdline := readCmdline()
	quiet := cmdline["quiet"] != ""

	loadModules(quiet)

	root := cmdline["root"]
	if !strings.HasPrefix(root, "PARTUUID=") {
		fail("the kernel command line has no root=PARTUUID=<disk id>-01 (it has root=%q)", root)
	}
	device := waitForPartition(strings.TrimPrefix(root, "PARTUUID="))
	if !quiet {
		logf("root is %s", device)
	}
	must(os.MkdirAll(newRoot, 0o755), "create "+newRoot)
	must(syscall.Mount(device, newRoot, "vfat", syscall.MS_RDONLY, "iocharset=utf8,shortname=mixed"), "mount "+device+" as vfat")

	init := "/linux_" + runtime.GOARCH + "/bin/init"
	if value := cmdline["init"]; value != "" {
		init = value
	}
	if _, err := os.Stat(newRoot + init); err != nil {
		fail("the stick has no %s (%v): is this a sourcery root for %s?", init, err, runtime.GOARCH)
	}
	switchRoot(init)
}

func must(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

// readCmdline returns the key=value words of /proc/cmdline (flags map to "1").
func readCmdline() map[string]string {
	data, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		fail("read /proc/cmdline: %v", err)
	}
	words := map[string]string{}
	for _, word := range strings.Fields(string(data)) {
		key, value, found := strings.Cut(word, "=")
		if !found {
			value = "1"
		}
		words[key] = value
	}
	return words
}

// switchRoot moves the stick's mount over / and execs its init, like busybox switch_root. The
// initramfs contents stay in memory; they are small.
func switchRoot(init string) {
	must(syscall.Unmount("/proc", syscall.MNT_DETACH), "unmount /proc")
	must(syscall.Unmount("/sys", syscall.MNT_DETACH), "unmount /sys")
	must(syscall.Unmount("/dev", syscall.MNT_DETACH), "unmount /dev")
	must(syscall.Chdir(newRoot), "enter "+newRoot)
	must(syscall.Mount(".", "/", "", syscall.MS_MOVE, ""), "move the stick to /")
	must(syscall.Chroot("."), "chroot")
	must(syscall.Chdir("/"), "chdir /")
	err := syscall.Exec(init, []string{init}, os.Environ())
	fail("exec %s: %v", init, err)
}
