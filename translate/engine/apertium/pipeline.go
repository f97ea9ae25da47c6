package apertium

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// errDied marks a batch lost because a program of the pipeline exited.
var errDied = errors.New("pipeline died")

// errTimeout marks a batch that took longer than the batch timeout.
var errTimeout = errors.New("batch timed out")

// pipeline is one running instance of a mode: its programs chained by OS
// pipes, fed through stdin and read from stdout, one null-terminated batch
// at a time. A pipeline is used by one batch at a time (its slot's lock);
// kill may be called from anywhere.
type pipeline struct {
	cmds   []*exec.Cmd
	stdin  *os.File
	stdout *bufio.Reader
	outF   *os.File
	stderr *tailBuffer
	pgid   int // the process group of all the programs

	dead     chan struct{} // closed when the first program exits
	deadOnce sync.Once
	exitMsg  string // which program exited first and how; set before dead closes

	killOnce sync.Once
	waited   sync.WaitGroup
}

// startPipeline starts the programs of cmds chained stdout to stdin.
func startPipeline(cmds [][]string) (*pipeline, error) {
	p := &pipeline{dead: make(chan struct{}), stderr: &tailBuffer{max: 4 << 10}}
	env := append(os.Environ(), "LC_ALL=C.UTF-8")
	var toClose []*os.File
	closeAll := func() {
		for _, f := range toClose {
			f.Close()
		}
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("apertium: unable to create pipe: %w", err)
	}
	p.stdin = inW
	toClose = append(toClose, inR)
	prev := inR
	for i, argv := range cmds {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		cmd.Stdin = prev
		cmd.Stderr = p.stderr
		// One process group per pipeline, so that kill reaches anything a
		// program started; and die with newsbridge rather than linger.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: p.pgid, Pdeathsig: syscall.SIGKILL}
		// Wait also waits for the stderr copy, which a grandchild could
		// hold open; do not let that stall the reaping.
		cmd.WaitDelay = 2 * time.Second
		r, w, err := os.Pipe()
		if err != nil {
			closeAll()
			p.kill()
			inW.Close()
			return nil, fmt.Errorf("apertium: unable to create pipe: %w", err)
		}
		cmd.Stdout = w
		toClose = append(toClose, w)
		if i == len(cmds)-1 {
			p.outF = r
		} else {
			toClose = append(toClose, r)
		}
		if err := cmd.Start(); err != nil {
			closeAll()
			r.Close()
			p.kill()
			inW.Close()
			return nil, fmt.Errorf("apertium: unable to start %s: %w", argv[0], err)
		}
		p.cmds = append(p.cmds, cmd)
		if p.pgid == 0 {
			p.pgid = cmd.Process.Pid
		}
		prev = r
	}
	// The children hold their own copies of the pipe ends.
	closeAll()
	p.stdout = bufio.NewReaderSize(p.outF, 64<<10)
	for _, cmd := range p.cmds {
		p.waited.Add(1)
		go func() {
			defer p.waited.Done()
			err := cmd.Wait()
			p.deadOnce.Do(func() {
				p.exitMsg = fmt.Sprintf("%s exited (%v)", cmd.Args[0], exitText(err))
				close(p.dead)
			})
			// One program gone stalls the rest: stop them all.
			p.kill()
		}()
	}
	return p, nil
}

// exitText describes how a program ended.
func exitText(err error) string {
	if err == nil {
		return "status 0"
	}
	return err.Error()
}

// roundTrip sends one batch and returns the pipeline's answer up to the null
// byte that ends it. Any failure leaves the pipeline killed: a half-read
// answer would shift every later batch.
func (p *pipeline) roundTrip(ctx context.Context, input []byte, timeout time.Duration) ([]byte, error) {
	buf := make([]byte, 0, len(input)+1)
	buf = append(append(buf, input...), 0)
	outs, err := p.exchange(ctx, buf, 1, timeout)
	if err != nil {
		return nil, err
	}
	return outs[0], nil
}

// exchange writes input, which holds n batches each ended by a null byte,
// and returns the n answers without their null bytes. Any failure leaves
// the pipeline killed, as in roundTrip.
func (p *pipeline) exchange(ctx context.Context, input []byte, n int, timeout time.Duration) ([][]byte, error) {
	select {
	case <-p.dead:
		return nil, fmt.Errorf("%w: %s", errDied, p.exitMsg)
	default:
	}
	type result struct {
		outs [][]byte
		err  error
	}
	readc := make(chan result, 1)
	writec := make(chan error, 1)
	go func() {
		// Write in the background: a big batch fills the pipes before the
		// pipeline answers, so writing and reading must overlap.
		_, err := p.stdin.Write(input)
		writec <- err
	}()
	go func() {
		outs := make([][]byte, 0, n)
		for range n {
			out, err := p.stdout.ReadBytes(0)
			if err != nil {
				readc <- result{nil, err}
				return
			}
			outs = append(outs, out[:len(out)-1])
		}
		readc <- result{outs, nil}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-readc:
	case <-ctx.Done():
		p.kill()
		return nil, fmt.Errorf("apertium: batch abandoned, pipeline stopped: %w", ctx.Err())
	case <-timer.C:
		p.kill()
		return nil, fmt.Errorf("%w after %s; pipeline stopped", errTimeout, timeout)
	}
	if res.err != nil {
		p.kill()
		<-p.dead
		msg := p.exitMsg
		if tail := p.stderr.String(); tail != "" {
			msg += ": " + tail
		}
		return nil, fmt.Errorf("%w: %s", errDied, msg)
	}
	// The answer normally ends after the whole batch was read, but a
	// program that emits a stray null byte could answer early and leave the
	// writer blocked: bound that wait too.
	select {
	case err := <-writec:
		if err != nil {
			p.kill()
			return nil, fmt.Errorf("%w: unable to write batch: %v", errDied, err)
		}
	case <-ctx.Done():
		p.kill()
		return nil, fmt.Errorf("apertium: batch abandoned, pipeline stopped: %w", ctx.Err())
	case <-timer.C:
		p.kill()
		return nil, fmt.Errorf("%w after %s; pipeline stopped", errTimeout, timeout)
	}
	return res.outs, nil
}

// alive reports whether every program is still running.
func (p *pipeline) alive() bool {
	select {
	case <-p.dead:
		return false
	default:
		return true
	}
}

// kill stops every program and closes newsbridge's pipe ends. Safe to call
// more than once and from any goroutine.
func (p *pipeline) kill() {
	p.killOnce.Do(func() {
		if p.pgid > 0 {
			syscall.Kill(-p.pgid, syscall.SIGKILL)
		}
		for _, cmd := range p.cmds {
			if cmd.Process != nil {
				cmd.Process.Kill()
			}
		}
		// Closing our ends unblocks a pending write or read.
		p.stdin.Close()
		if p.outF != nil {
			p.outF.Close()
		}
	})
}

// stop kills the pipeline and waits until every program has been reaped.
func (p *pipeline) stop() {
	p.kill()
	p.waited.Wait()
}

// pids returns the process ids of the programs, for tests.
func (p *pipeline) pids() []int {
	var ids []int
	for _, cmd := range p.cmds {
		ids = append(ids, cmd.Process.Pid)
	}
	return ids
}

// tailBuffer keeps the last max bytes written to it: the programs' stderr,
// quoted in errors.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(b), nil
}

// String returns the kept bytes, trimmed, on one line.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(strings.Fields(string(t.buf)), " ")
}

var _ io.Writer = (*tailBuffer)(nil)
