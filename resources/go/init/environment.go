// The environment every program started from init sees: Go finds /go, commands land in /ubin.
package main

import (
	"os"
	"runtime"
)

func setEnvironment() {
	arch := "linux_" + runtime.GOARCH
	set := map[string]string{
		"GOROOT":      "/go",
		"GOPATH":      "/",
		"GOBIN":       "/ubin",
		"GOCACHE":     "/.cache",
		"CGO_ENABLED": "0",
		// The root's clones have .git folders but the booted machine has no git.
		"GOFLAGS": "-buildvcs=false",
		"GOPROXY": "off",
		// A go.mod's toolchain line must never send go looking for another toolchain to download.
		"GOTOOLCHAIN": "local",
		"HOME":        "/tmp",
		"TERM":        "linux",
		"PATH": "/ubin:/" + arch + "/bin:/go/bin/" + arch + ":/go/bin:/go/pkg/tool/" + arch +
			":/bin:/sbin:/usr/bin:/usr/sbin",
	}
	for key, value := range set {
		os.Setenv(key, value)
	}
}
