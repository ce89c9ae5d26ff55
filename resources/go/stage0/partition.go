// Finds the stick's partition by PARTUUID (<MBR disk signature>-<partition number>) without udev.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func waitForPartition(partUUID string) string {
	signature, number, err := parsePartUUID(partUUID)
	if err != nil {
		fail("%v", err)
	}
	deadline := time.Now().Add(waitFor)
	for {
		if device := findPartition(signature, number); device != "" {
			return device
		}
		if time.Now().After(deadline) {
			fail("no disk with PARTUUID %s appeared within %s; disks seen: %s", partUUID, waitFor, listDisks())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func parsePartUUID(value string) (uint32, int, error) {
	disk, part, found := strings.Cut(strings.ToLower(value), "-")
	signature, err1 := strconv.ParseUint(disk, 16, 32)
	number, err2 := strconv.Atoi(part)
	if !found || err1 != nil || err2 != nil || number < 1 {
		return 0, 0, fmt.Errorf("root=PARTUUID=%s is not an MBR PARTUUID like 1234abcd-01", value)
	}
	return uint32(signature), number, nil
}

func listDisks() string {
	entries, _ := os.ReadDir("/sys/class/block")
	names := []string{}
	for _, entry := range entries {
		names = append(names, entry.Name())
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, " ")
}

// findPartition reads the MBR of every whole disk and returns the partition's device node.
func findPartition(signature uint32, number int) string {
	entries, _ := os.ReadDir("/sys/class/block")
	for _, entry := range entries {
		name := entry.Name()
		if _, err := os.Stat("/sys/class/block/" + name + "/partition"); err == nil {
			continue // a partition, not a disk
		}
		if diskSignature("/dev/"+name) != signature {
			continue
		}
		for _, candidate := range []string{name + strconv.Itoa(number), name + "p" + strconv.Itoa(number)} {
			if _, err := os.Stat("/dev/" + candidate); err == nil {
				return "/dev/" + candidate
			}
		}
	}
	return ""
}

func diskSignature(device string) uint32 {
	file, err := os.Open(device)
	if err != nil {
		return 0
	}
	defer file.Close()
	sector := make([]byte, 512)
	if n, _ := file.ReadAt(sector, 0); n < 512 || sector[510] != 0x55 || sector[511] != 0xaa {
		return 0
	}
	return binary.LittleEndian.Uint32(sector[440:444])
}
