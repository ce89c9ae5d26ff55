// Command installcommand runs a command stub: it compiles the command's source into /ubin on first use.
//
// The kernel starts it through binfmt_script for a stub whose first line is
// "#!/linux_<arch>/bin/installcommand #!/src/<path>", so its arguments are:
// "#!/src/<path>", the stub's path, then the user's arguments.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// Where things live on a running sourcery machine; tests override them through the environment.
var (
	ubin  = envOr("SOURCERY_UBIN", "/ubin")
	goCmd = envOr("SOURCERY_GO", "/linux_"+runtime.GOARCH+"/bin/go")
)

func main() {
	if len(os.Args) < 3 || !strings.HasPrefix(os.Args[1], "#!") {
		fmt.Fprintln(os.Stderr, "installcommand: run me through a command stub (#!.../installcommand #!/src/<dir>)")
		os.Exit(2)
	}
	source := strings.TrimSpace(strings.TrimPrefix(os.Args[1], "#!"))
	name := filepath.Base(os.Args[2])
	binary := filepath.Join(ubin, name)
	if _, err := os.Stat(binary); err != nil {
		if err := build(source, binary); err != nil {
			fmt.Fprintf(os.Stderr, "installcommand: building %s from %s: %v\n", name, source, err)
			os.Exit(126)
		}
	}
	argv := append([]string{name}, os.Args[3:]...)
	err := syscall.Exec(binary, argv, os.Environ())
	fmt.Fprintf(os.Stderr, "installcommand: running %s: %v\n", binary, err)
	os.Exit(126)
}

func build(source, binary string) error {
	// -trimpath: the warm build cache in the root was made with it (core/root/build/compile-check.ts),
	// and keys then do not depend on where the sources were when it was made.
	cmd := exec.Command(goCmd, "build", "-trimpath", "-o", binary, ".")
	cmd.Dir = source
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.Env = append(os.Environ(),
		"GOCACHE="+envOr("SOURCERY_GOCACHE", envOr("GOCACHE", "/.cache")),
		"GOROOT="+envOr("SOURCERY_GOROOT", "/go"),
		"GOPATH="+envOr("SOURCERY_GOPATH", "/src"),
		"CGO_ENABLED=0",
		// Sources are read-only and offline: no VCS stamping, no module downloads.
		"GOFLAGS=-buildvcs=false",
		"GOPROXY=off",
		"GOTOOLCHAIN=local",
	)
	return cmd.Run()
}

func envOr(key, fallback string) string {
	if value := os.Getenv(key); value != "" {
		return value
	}
	return fallback
}
