package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"

	"newsbridge/extract"
)

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags("extract", "extract [--url URL] [FILE|-]")
	pageURL := fs.String("url", "", "the page's address, to resolve relative links and images")
	contentType := fs.String("content-type", "", "the page's Content-Type header, if known (for its charset)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErr("one FILE at most")
	}
	in, closeIn, err := input(e, fs.Arg(0))
	if err != nil {
		return err
	}
	defer closeIn()
	a, err := extract.Extract(in, *contentType, *pageURL)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(a)
}

// input opens FILE, or standard input for "" and "-".
func input(e *env, name string) (io.Reader, func(), error) {
	if name == "" || name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
