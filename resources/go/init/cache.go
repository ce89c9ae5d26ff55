// The warm Go build cache: the build left the compiled standard library and every command's packages in
// /linux_<arch>/gocache on the stick; init copies it into the tmpfs at /.cache (GOCACHE), because go
// writes into its cache and the stick is read-only. sourcery.cache=off boots without it.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

func warmCache(args map[string]string) {
	source := "/linux_" + runtime.GOARCH + "/gocache"
	if args["sourcery.cache"] == "off" {
		fmt.Println("sourcery: warm build cache off (sourcery.cache=off): commands compile from scratch")
		return
	}
	if _, err := os.Stat(source); err != nil {
		return
	}
	started := time.Now()
	files, bytes, err := copyTree(source, "/.cache")
	if err != nil {
		fmt.Fprintf(os.Stderr, "sourcery: warm build cache: %v\n", err)
	}
	fmt.Printf("sourcery: warm build cache: %d files, %.1f MB in %.1f s\n",
		files, float64(bytes)/1e6, time.Since(started).Seconds())
}

func copyTree(from, to string) (files int, bytes int64, err error) {
	err = filepath.WalkDir(from, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(to, path[len(from):])
		if entry.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		bytes += int64(len(data))
		return os.WriteFile(target, data, 0o644)
	})
	return files, bytes, err
}
