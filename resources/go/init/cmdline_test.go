package main

import "testing"

func TestParseCmdline(t *testing.T) {
	args := parseCmdline(`console=ttyS0 ro sourcery.run="hello -n 3" quiet` + "\n")
	if got := args["sourcery.run"]; got != "hello -n 3" {
		t.Fatalf("sourcery.run = %q", got)
	}
	if _, ok := args["quiet"]; !ok {
		t.Fatal("quiet missing")
	}
}
