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

// WriteSection replaces the section that starts with heading (up to the
// next "## " heading) in file, or appends it; other sections are kept as
// they are, since other benchmarks write them.
func WriteSection(file, heading, section string) error {
	old, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	if text == "" {
		text = "# Benchmarks\n"
	}
	start := strings.Index(text, "\n"+heading+"\n")
	if start < 0 {
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		text += "\n" + section
	} else {
		start++
		end := strings.Index(text[start+len(heading):], "\n## ")
		if end < 0 {
			text = text[:start] + section
		} else {
			end += start + len(heading) + 1
			text = text[:start] + section + "\n" + text[end:]
		}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, []byte(text), 0o644)
}
