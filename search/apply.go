package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// Apply indexes and deletes the records of b in one Bleve batch. It
// returns only after Bleve has written the batch to disk and synced it
// (see doc.go, "Durability"), so the caller may then forget the changes,
// e.g. delete its outbox entries. On error nothing is known to be
// persisted and the caller should retry the same batch later; applying a
// batch twice is harmless. A Doc of an unknown type or without id fails
// the whole batch with ErrUnknownType or ErrInvalidDoc.
//
// While a rebuild runs, the batch also goes into the index being built,
// and the rebuild skips the records it names, since what Apply was given
// is at least as new as what the rebuild's feed read earlier.
func (ix *Index) Apply(ctx context.Context, b *Batch) (err error) {
	defer ix.guard("apply", &err)
	if b.Len() == 0 {
		return nil
	}
	for _, o := range b.ops {
		if err := o.key.validate(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	gen, err := ix.acquire()
	defer ix.mu.RUnlock()
	if err != nil {
		return err
	}
	panics := analysisPanics.Load()
	if err := applyTo(gen.bleve, b.ops, nil); err != nil {
		return fmt.Errorf("search: apply %d operations: %w", b.Len(), err)
	}
	if analysisPanics.Load() != panics {
		ix.log.Error("search: tokenizer panicked; index marked for rebuild")
		ix.markIncomplete(ReasonPanic)
	}
	if ix.rebuild != nil {
		ix.rebuild.record(b.ops)
	}
	return nil
}

// applyTo writes ops to idx as one batch, skipping the keys in skip.
func applyTo(idx bleve.Index, ops []op, skip map[Key]bool) error {
	batch := idx.NewBatch()
	for _, o := range ops {
		if skip[o.key] {
			continue
		}
		if o.doc == nil {
			batch.Delete(o.key.docID())
			continue
		}
		if err := batch.Index(o.key.docID(), bleveDoc(o.doc)); err != nil {
			return fmt.Errorf("map %s: %w", o.key.docID(), err)
		}
	}
	if batch.Size() == 0 {
		return nil
	}
	return idx.Batch(batch)
}
