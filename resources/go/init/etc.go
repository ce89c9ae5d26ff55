// Copies /etc into a tmpfs over itself, so programs can change it while the stick stays read-only.
package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

type savedFile struct {
	path string
	mode fs.FileMode
	data []byte
}

func etcToTmpfs() error {
	var saved []savedFile
	err := filepath.WalkDir("/etc", func(path string, entry fs.DirEntry, err error) error {
		if err != nil || path == "/etc" {
			return err
		}
		info, err := entry.Info()
		if err != nil {
			return err
		}
		file := savedFile{path: path, mode: info.Mode()}
		if info.Mode().IsRegular() {
			if file.data, err = os.ReadFile(path); err != nil {
				return err
			}
		}
		saved = append(saved, file)
		return nil
	})
	if err != nil {
		return err
	}
	if err := syscall.Mount("tmpfs", "/etc", "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=755"); err != nil {
		return err
	}
	for _, file := range saved {
		if file.mode.IsDir() {
			err = os.MkdirAll(file.path, 0o755)
		} else {
			err = os.WriteFile(file.path, file.data, 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
