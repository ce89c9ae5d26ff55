// Reads key=value pairs from the kernel command line, honouring double quotes.
package main

import (
	"os"
	"strings"
)

func kernelArgs() map[string]string {
	data, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		return map[string]string{}
	}
	return parseCmdline(string(data))
}

func parseCmdline(line string) map[string]string {
	args := map[string]string{}
	for _, word := range splitQuoted(line) {
		key, value, _ := strings.Cut(word, "=")
		args[key] = value
	}
	return args
}

// splitQuoted splits on blanks outside double quotes and drops the quotes, as the kernel does.
func splitQuoted(line string) []string {
	var words []string
	var current strings.Builder
	quoted, started := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, started = !quoted, true
		case !quoted && (r == ' ' || r == '\t' || r == '\n'):
			if started {
				words = append(words, current.String())
				current.Reset()
				started = false
			}
		default:
			current.WriteRune(r)
			started = true
		}
	}
	if started {
		words = append(words, current.String())
	}
	return words
}
