package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"newsbridge/model"
)

// Rebuild builds a fresh index in a directory beside dir from the documents
// next yields (next returns ok=false when there are no more), then swaps it
// in place of dir. total is only passed to progress (0 if unknown); progress
// may be nil and is called every few hundred documents. Until the swap the
// old index keeps serving; if this process has dir open, that Index switches
// to the new one without being closed, so readers never see an error. On
// error or cancellation dir is untouched. If next yields the same language
// and article twice, the first one is kept. Writes made through that Index
// while the rebuild runs are replayed onto the new index. If another
// process holds dir open, Rebuild refuses (EConflict): it must run inside
// the process serving the index, or with that process stopped. Only one
// Rebuild of a directory runs at a time (EConflict for a second one).
//
// It uses Bleve's offline builder, which writes segments without the
// merging an online index does after every batch: several times less CPU
// for a full rebuild.
func Rebuild(ctx context.Context, dir string, total int, next func() (Doc, bool, error), progress func(done, total int)) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("search: unable to resolve %q: %w", dir, err)
	}
	live, err := startRebuild(abs)
	if err != nil {
		return err
	}
	defer endRebuild(abs, live)
	if live == nil {
		// Checked again at the swap; failing now saves a useless build.
		if err := notOpenElsewhere(abs); err != nil {
			return err
		}
	}
	tmp := abs + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil { // left over from a crash
		return fmt.Errorf("search: unable to clear %s: %w", tmp, err)
	}
	scratch := abs + ".scratch"
	if err := os.RemoveAll(scratch); err != nil {
		return fmt.Errorf("search: unable to clear %s: %w", scratch, err)
	}
	err = build(ctx, tmp, scratch, total, next, progress)
	os.RemoveAll(scratch)
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(abs, tmp); err != nil {
		os.RemoveAll(tmp) // gone already if the swap got that far
		return err
	}
	return nil
}

// build writes a complete, stamped index into path, using scratch for the
// builder's intermediate segments.
func build(ctx context.Context, path, scratch string, total int, next func() (Doc, bool, error), progress func(done, total int)) error {
	m, err := newMapping()
	if err != nil {
		return err
	}
	// Scratch segments go beside the index, on the same file system, not in
	// /tmp, and in a directory of our own so a failed build leaves nothing.
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return fmt.Errorf("search: unable to create %s: %w", scratch, err)
	}
	var b bleve.Builder // started at the first document: Bleve's builder cannot finish an empty index
	seen := map[string]struct{}{}
	done := 0
	for {
		if done%batchSize == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("search: rebuild stopped: %w", err)
			}
		}
		d, ok, err := next()
		if err != nil {
			return fmt.Errorf("search: rebuild: unable to read document %d: %w", done+1, err)
		}
		if !ok {
			break
		}
		id, obj, err := toObject(d)
		if err != nil {
			return fmt.Errorf("search: rebuild: document %d: %w", done+1, err)
		}
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		if b == nil {
			b, err = bleve.NewBuilder(path, m, map[string]any{"buildPathPrefix": scratch, "batchSize": batchSize})
			if err != nil {
				return fmt.Errorf("search: unable to start the index builder: %w", err)
			}
		}
		if err := b.Index(id, obj); err != nil {
			return fmt.Errorf("search: rebuild: unable to index %s: %w", id, err)
		}
		done++
		if progress != nil && done%batchSize == 0 {
			progress(done, total)
		}
	}
	if progress != nil && done%batchSize != 0 {
		progress(done, total)
	}
	if b == nil {
		// No documents: an ordinary empty index.
		idx, err := openOrCreate(path)
		if err != nil {
			return err
		}
		return idx.Close()
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("search: rebuild: unable to finish the index: %w", err)
	}
	// The builder cannot write our own internal keys; stamp the version now.
	idx, err := bleve.Open(path)
	if err != nil {
		return fmt.Errorf("search: rebuild: unable to open the new index: %w", err)
	}
	if err := idx.SetInternal(internalVersionKey, []byte(mappingVersion)); err != nil {
		idx.Close()
		return fmt.Errorf("search: rebuild: unable to stamp the new index: %w", err)
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("search: rebuild: unable to close the new index: %w", err)
	}
	return nil
}

// startRebuild claims abs for one rebuild at a time and starts the
// journal of the Index open on it, if any.
func startRebuild(abs string) (*Index, error) {
	opened.Lock()
	defer opened.Unlock()
	if opened.rebuilding[abs] {
		return nil, model.Errorf(model.EConflict, "search: a rebuild of the index is already running")
	}
	opened.rebuilding[abs] = true
	live := opened.m[abs]
	if live != nil {
		live.jmu.Lock()
		live.journal = &[]journalOp{}
		live.jmu.Unlock()
	}
	return live, nil
}

func endRebuild(abs string, live *Index) {
	opened.Lock()
	delete(opened.rebuilding, abs)
	opened.Unlock()
	if live != nil {
		live.jmu.Lock()
		live.journal = nil
		live.jmu.Unlock()
	}
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
	if live == nil {
		if err := notOpenElsewhere(abs); err != nil {
			return err
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

// notOpenElsewhere refuses the swap when another process holds the index
// at abs: moving the directory under a running server would leave it
// serving the old files and writing new segments into the new index. Bleve
// locks root.bolt while an index is open, so a brief open attempt tells.
func notOpenElsewhere(abs string) error {
	if _, err := os.Stat(filepath.Join(abs, "index_meta.json")); err != nil {
		return nil // no index there yet
	}
	idx, err := bleve.OpenUsing(abs, map[string]any{"bolt_timeout": "200ms"})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return model.Errorf(model.EConflict, "search: the index in %s is open in another process (a running server?); rebuild it from inside that process, or stop it first", abs)
	}
	if err == nil {
		idx.Close()
	}
	// Any other error: the old index is unreadable, which is no reason not
	// to replace it.
	return nil
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
	if cause == nil {
		if err := replay(live); err != nil {
			return err
		}
	}
	return cause
}

// replay applies the writes made to the old index during the rebuild to
// the new one. Called with live.mu held exclusively.
func replay(live *Index) error {
	live.jmu.Lock()
	var ops []journalOp
	if live.journal != nil {
		ops = *live.journal
		live.journal = nil
	}
	live.jmu.Unlock()
	for start := 0; start < len(ops); start += batchSize {
		b := live.idx.NewBatch()
		for _, op := range ops[start:min(start+batchSize, len(ops))] {
			if op.obj == nil {
				b.Delete(op.id)
			} else if err := b.Index(op.id, op.obj); err != nil {
				return fmt.Errorf("search: unable to replay %s after the rebuild: %w", op.id, err)
			}
		}
		if err := live.idx.Batch(b); err != nil {
			return fmt.Errorf("search: unable to replay writes made during the rebuild: %w", err)
		}
	}
	return nil
}
