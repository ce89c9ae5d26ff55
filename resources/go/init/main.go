// Command init is PID 1 of a sourcery root: it prepares the machine and starts a shell.
package main

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

func main() {
	fmt.Printf("\nsourcery: init for linux_%s (%s)\n", runtime.GOARCH, runtime.Version())
	setEnvironment()
	for _, m := range mounts {
		if err := m.mount(); err != nil {
			// Keep going: a missing /dev/pts must not stop a shell from starting.
			fmt.Fprintf(os.Stderr, "sourcery: mount %s on %s: %v\n", m.fstype, m.target, err)
		}
	}
	if err := etcToTmpfs(); err != nil {
		fmt.Fprintf(os.Stderr, "sourcery: /etc stays read-only: %v\n", err)
	}
	if err := loopbackUp(); err != nil {
		fmt.Fprintf(os.Stderr, "sourcery: loopback: %v\n", err)
	}
	args := kernelArgs()
	warmCache(args)
	if command, ok := args["sourcery.run"]; ok {
		// A test (or a user) asked for one command and then power-off, so QEMU exits by itself.
		status := runLine(command)
		fmt.Printf("sourcery: run finished with status %d\n", status)
		powerOff()
	}
	for {
		runShell()
		fmt.Println("sourcery: the shell exited; starting it again (type poweroff in the prompt to stop)")
	}
}

func powerOff() {
	syscall.Sync()
	if os.Getpid() != 1 {
		os.Exit(0)
	}
	if err := syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		fmt.Fprintf(os.Stderr, "sourcery: power off: %v\n", err)
	}
	select {}
}
