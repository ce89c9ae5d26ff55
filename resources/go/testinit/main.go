// A stand-in /linux_<arch>/bin/init for boot tests: prints a marker naming its architecture, then powers off.
package main

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
)

func main() {
	// The real init's banner first, so `boot-test` and the app's emulator button recognise this root too.
	fmt.Fprintf(os.Stdout, "\nsourcery: init for linux_%s (%s)\n", runtime.GOARCH, runtime.Version())
	// The marker is what the boot test waits for; the arch proves the right kernel and init ran.
	fmt.Fprintf(os.Stdout, "\nSOURCERY-BOOT-OK arch=%s pid=%d\n", runtime.GOARCH, os.Getpid())
	os.Stdout.Sync()
	// Give the serial console a moment to drain before the machine goes away.
	time.Sleep(200 * time.Millisecond)
	syscall.Sync()
	if err := syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		fmt.Fprintf(os.Stderr, "testinit: power off failed: %v\n", err)
	}
	select {}
}
