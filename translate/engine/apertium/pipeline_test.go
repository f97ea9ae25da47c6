package apertium

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// These tests drive the pipeline with shell stand-ins, so they run without
// Apertium and can misbehave on purpose.

func TestPipelineRoundTrip(t *testing.T) {
	// Two programs that copy their input: null bytes pass through.
	p, err := startPipeline([][]string{{"cat"}, {"cat"}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.stop()
	for _, in := range []string{"one", "two\nlines", strings.Repeat("big ", 100000)} {
		out, err := p.roundTrip(context.Background(), []byte(in), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Fatalf("got %d bytes back for %d", len(out), len(in))
		}
	}
}

func TestPipelineFailures(t *testing.T) {
	tests := []struct {
		name string
		cmds [][]string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		// Reads nothing and never answers.
		{name: "hung", cmds: [][]string{{"sleep", "30"}}, want: errTimeout},
		// Answers with a null byte at once, then stops reading: the write
		// of a big batch blocks and must still be bounded.
		{name: "early null", cmds: [][]string{{"sh", "-c", `printf 'x\0'; sleep 30`}}, want: errTimeout},
		{name: "dies", cmds: [][]string{{"sh", "-c", "head -c 3 >/dev/null; echo boom >&2; exit 3"}}, want: errDied},
		{name: "cancelled", cmds: [][]string{{"sleep", "30"}}, want: context.Canceled,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
				return ctx, cancel
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := startPipeline(tt.cmds)
			if err != nil {
				t.Fatal(err)
			}
			defer p.stop()
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			start := time.Now()
			_, err = p.roundTrip(ctx, []byte(strings.Repeat("x", 1<<20)), 500*time.Millisecond)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
			waitFor(t, "the programs to exit", func() bool { return !p.alive() })
			if tt.name == "dies" && !strings.Contains(err.Error(), "boom") {
				t.Errorf("stderr not in the error: %v", err)
			}
		})
	}
}

func TestStartPipelineMissingProgram(t *testing.T) {
	_, err := startPipeline([][]string{{"cat"}, {"/nonexistent/lt-proc", "-z"}})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/lt-proc") {
		t.Fatalf("err = %v", err)
	}
}
