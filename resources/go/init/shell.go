// Starts a shell: gosh (u-root's shell since 2024, when elvish was removed), elvish (older u-root
// releases), another from a list, else a tiny built-in prompt.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

var shells = []string{"gosh", "elvish", "rush", "sh", "bash", "ash"}

func runShell() {
	for _, name := range shells {
		if path, err := exec.LookPath(name); err == nil {
			fmt.Printf("sourcery: starting %s\n", path)
			status := runWith(path, nil, true)
			if status == 126 {
				status = runWith(path, nil, false)
			}
			if status == 126 {
				// It could not start (a stub whose command does not build): try the next shell.
				continue
			}
			return
		}
	}
	fmt.Println("sourcery: no shell found; a minimal prompt (commands, cd DIR, poweroff)")
	prompt()
}

func prompt() {
	input := bufio.NewScanner(os.Stdin)
	for {
		dir, _ := os.Getwd()
		fmt.Printf("%s%% ", dir)
		if !input.Scan() {
			return
		}
		runLine(input.Text())
	}
}

// runLine runs one line of words (no quoting rules beyond blanks) and returns its exit status.
func runLine(line string) int {
	words := strings.Fields(line)
	if len(words) == 0 {
		return 0
	}
	switch words[0] {
	case "cd":
		target := "/"
		if len(words) > 1 {
			target = words[1]
		}
		if err := os.Chdir(target); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	case "poweroff":
		powerOff()
	}
	path, err := exec.LookPath(words[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 127
	}
	return runWith(path, words[1:], false)
}

// runWith runs a program on the console; 126 means it could not start.
func runWith(path string, args []string, terminal bool) int {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if terminal {
		// A shell gets the console as its controlling terminal so ^C reaches it; some consoles
		// refuse, and the caller then starts it without one.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	}
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode()
		}
		fmt.Fprintln(os.Stderr, err)
		return 126
	}
	return 0
}
