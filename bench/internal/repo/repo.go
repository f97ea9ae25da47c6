// Package repo lets the benchmarks read and write the repository's files
// (the extraction corpus, docs/benchmarks.md) wherever they are started
// from: they live in their own module under bench/, so they run from there
// (go -C bench run ./serve), while their paths are the repository's.
package repo

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is the product's module path, whose go.mod marks the repository root.
const Module = "newsbridge"

// Chdir changes the working directory to the repository root, the nearest
// directory at or above the current one whose go.mod declares Module, so
// that relative paths in flags mean what docs/benchmarks.md says.
func Chdir() error {
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("repo: unable to find the working directory: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if modulePath(filepath.Join(d, "go.mod")) == Module {
			if err := os.Chdir(d); err != nil {
				return fmt.Errorf("repo: unable to change to %s: %w", d, err)
			}
			return nil
		}
		if filepath.Dir(d) == d {
			return fmt.Errorf("repo: unable to find the %s module at or above %s", Module, dir)
		}
	}
}

// modulePath returns the module path declared in the go.mod at path, or ""
// when there is none.
func modulePath(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
