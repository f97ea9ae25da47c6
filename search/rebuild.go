package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Rebuild builds a fresh index in a directory beside dir from the documents
// next yields (next returns ok=false when there are no more), then swaps it
// in place of dir. total is only passed to progress (0 if unknown); progress
// may be nil. Until the swap the old index keeps serving; if this process
// has dir open, that Index switches to the new one without being closed,
// so readers never see an error. On error or cancellation dir is untouched.
func Rebuild(ctx context.Context, dir string, total int, next func() (Doc, bool, error), progress func(done, total int)) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("search: unable to resolve %q: %w", dir, err)
	}
	tmp := abs + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil { // left over from a crash
		return fmt.Errorf("search: unable to clear %s: %w", tmp, err)
	}
	idx, err := openOrCreate(tmp)
	if err != nil {
		return err
	}
	fresh := &Index{idx: idx}
	fail := func(err error) error {
		fresh.Close()
		os.RemoveAll(tmp)
		return err
	}
	done := 0
	batch := make([]Doc, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := fresh.Put(batch...); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(done, total)
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return fail(fmt.Errorf("search: rebuild stopped: %w", err))
		}
		d, ok, err := next()
		if err != nil {
			return fail(fmt.Errorf("search: rebuild: unable to read document %d: %w", done+len(batch)+1, err))
		}
		if !ok {
			break
		}
		batch = append(batch, d)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return fail(err)
			}
		}
	}
	if err := flush(); err != nil {
		return fail(err)
	}
	if err := fresh.Close(); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return swap(abs, tmp)
}

// swap replaces dir with tmp. An Index open on dir is paused (write lock)
// for the two renames and reopened on the new files.
func swap(abs, tmp string) error {
	opened.Lock()
	defer opened.Unlock()
	live := opened.m[abs]
	if live != nil {
		live.mu.Lock()
		defer live.mu.Unlock()
		if live.idx != nil {
			if err := live.idx.Close(); err != nil {
				return fmt.Errorf("search: unable to close the live index for the swap: %w", err)
			}
			live.idx = nil
		}
	}
	old := abs + ".old-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	hadOld := false
	if _, err := os.Stat(abs); err == nil {
		if err := os.Rename(abs, old); err != nil {
			return reopen(live, abs, fmt.Errorf("search: unable to move the old index aside: %w", err))
		}
		hadOld = true
	}
	if err := os.Rename(tmp, abs); err != nil {
		if hadOld {
			os.Rename(old, abs)
		}
		return reopen(live, abs, fmt.Errorf("search: unable to move the new index in place: %w", err))
	}
	if hadOld {
		os.RemoveAll(old)
	}
	return reopen(live, abs, nil)
}

// reopen points live (if any) at the index now in abs and returns cause,
// or the reopen error if there is no cause.
func reopen(live *Index, abs string, cause error) error {
	if live == nil {
		return cause
	}
	idx, err := openOrCreate(abs)
	if err != nil {
		delete(opened.m, abs)
		if cause != nil {
			return cause
		}
		return fmt.Errorf("search: unable to reopen the rebuilt index: %w", err)
	}
	live.idx = idx
	return cause
}
