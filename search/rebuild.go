package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// rebuildBatchSize is how many fed documents go into one Bleve batch.
const rebuildBatchSize = 500

// Feed produces every searchable record for Rebuild by calling yield once
// per Doc. It must stop and return yield's error when yield fails (the
// rebuild was cancelled or the index closed).
type Feed func(yield func(Doc) error) error

// rebuildRun is a running rebuild; fields are guarded by Index.writeMu.
type rebuildRun struct {
	target *generation
	// touched holds the records Apply changed while the rebuild ran; fed
	// versions of them are older and are skipped.
	touched map[Key]bool
	// err is the first failure to apply a live batch to target; the
	// rebuild then fails rather than swap in an index missing a change.
	err    error
	cancel context.CancelFunc
	done   chan struct{}
}

// record applies ops that Apply just wrote to the live index to the target
// too, and remembers their keys.
func (r *rebuildRun) record(ops []op) {
	for _, o := range ops {
		r.touched[o.key] = true
	}
	if r.err == nil {
		r.err = applyTo(r.target.bleve, ops, nil)
	}
}

// Rebuild builds a new index from feed and makes it live. The steps:
//
//  1. create an empty generation next to the live one;
//  2. call feed, indexing its documents in batches of 500 and calling
//     progress(done, total) after each (total is the caller's estimate,
//     0 if unknown; Status reports the same numbers);
//  3. write state.json naming the new generation as live and complete,
//     then switch searches to it;
//  4. close the old generation and delete it.
//
// Searches answer from the old index until step 3; Apply writes to both.
// If any step up to 3 fails, or ctx is cancelled, or the index is closed,
// the new generation is deleted, the old one stays live and the error is
// returned; a crash leaves the old one live too. After step 3 a failure to
// delete the old generation is only logged; Open removes it later.
// Only one rebuild runs at a time (ErrRebuildRunning).
func (ix *Index) Rebuild(ctx context.Context, total int, feed Feed,
	progress func(done, total int)) (err error) {
	run, ctx, err := ix.startRebuild(ctx, total)
	if err != nil {
		return err
	}
	defer close(run.done)
	defer ix.rebuilding.Store(false)
	err = safely(func() error { return ix.feed(ctx, run, feed, progress) })
	if err == nil {
		err = safely(func() error { return ix.swap(run) })
	}
	if err != nil {
		ix.abort(run)
		ix.log.Warn("search index rebuild failed", "error", err.Error())
		return fmt.Errorf("search: rebuild: %w", err)
	}
	ix.log.Info("search index rebuilt", "docs", ix.done.Load())
	return nil
}

// startRebuild creates the target generation and registers the run.
func (ix *Index) startRebuild(ctx context.Context, total int) (*rebuildRun, context.Context, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	_, err := ix.acquire()
	ix.mu.RUnlock()
	if err != nil {
		return nil, nil, err
	}
	if ix.rebuild != nil {
		return nil, nil, ErrRebuildRunning
	}
	target, err := newGenerationIn(ix.dir)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	ix.rebuild = &rebuildRun{
		target:  target,
		touched: map[Key]bool{},
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	ix.done.Store(0)
	ix.total.Store(int64(max(total, 0)))
	ix.rebuilding.Store(true)
	ix.log.Info("search index rebuild started", "generation", target.name, "total", total)
	return ix.rebuild, ctx, nil
}

// feed runs the caller's feed, indexing in batches.
func (ix *Index) feed(ctx context.Context, run *rebuildRun, feed Feed,
	progress func(done, total int)) error {
	pending := make([]op, 0, rebuildBatchSize)
	flush := func() error {
		if err := ix.flush(run, pending); err != nil {
			return err
		}
		n := ix.done.Add(int64(len(pending)))
		if ix.total.Load() < n {
			ix.total.Store(n)
		}
		pending = pending[:0]
		if progress != nil {
			progress(int(n), int(ix.total.Load()))
		}
		return nil
	}
	yield := func(d Doc) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.Key().validate(); err != nil {
			return err
		}
		pending = append(pending, op{key: d.Key(), doc: &d})
		if len(pending) < rebuildBatchSize {
			return nil
		}
		return flush()
	}
	if err := feed(yield); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flush()
}

// flush indexes fed documents into the target, except those Apply has
// touched since the rebuild started.
func (ix *Index) flush(run *rebuildRun, ops []op) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if run.err != nil {
		return run.err
	}
	return applyTo(run.target.bleve, ops, run.touched)
}

// swap makes the target live: state.json first, then the in-memory
// pointer, then the old generation is closed and deleted.
func (ix *Index) swap(run *rebuildRun) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if run.err != nil {
		return run.err
	}
	old, err := ix.switchLive(run.target)
	if err != nil {
		return err
	}
	ix.rebuild = nil
	ix.retire(old)
	return nil
}

// switchLive records target as the live, complete generation and points
// searches at it, returning the previous one.
func (ix *Index) switchLive(target *generation) (*generation, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, ErrClosed
	}
	err := ix.setState(state{Version: MappingVersion, Generation: target.name, Complete: true})
	if err != nil {
		return nil, err
	}
	old := ix.live
	ix.live = target
	return old, nil
}

// safely runs f, turning a panic (in Bleve or in the caller's feed) into
// ErrPanic. The live index is untouched by a failed rebuild, so it is not
// marked for rebuild.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, r)
		}
	}()
	return f()
}

// retire closes and deletes a generation that is no longer live.
func (ix *Index) retire(gen *generation) {
	err := errors.Join(gen.bleve.Close(), os.RemoveAll(filepath.Join(ix.dir, gen.name)))
	if err != nil {
		ix.log.Warn("search: remove old index generation", "generation", gen.name, "error", err.Error())
	}
}

// abort unregisters a failed run and deletes its generation.
func (ix *Index) abort(run *rebuildRun) {
	ix.writeMu.Lock()
	if ix.rebuild == run {
		ix.rebuild = nil
	}
	ix.writeMu.Unlock()
	run.cancel()
	ix.retire(run.target)
}
