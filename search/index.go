package search

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Options configures Open.
type Options struct {
	// Logger receives lifecycle events and recovered panics; nil discards
	// them.
	Logger *slog.Logger
}

// Index is the search index of one data directory. All methods are safe
// for concurrent use.
type Index struct {
	dir string
	log *slog.Logger

	// mu guards live and closed. Calls that use live hold it for reading;
	// swapping in a rebuilt generation and closing hold it for writing.
	mu     sync.RWMutex
	live   *generation
	closed bool

	// writeMu serialises Apply with the batches and the swap of a rebuild,
	// so the rebuild knows every record Apply changed meanwhile.
	writeMu sync.Mutex
	rebuild *rebuildRun

	// stateMu guards st, the last state written to state.json.
	stateMu sync.Mutex
	st      state

	rebuilding  atomic.Bool
	done, total atomic.Int64
}

// generation is one Bleve index directory.
type generation struct {
	name  string
	bleve bleve.Index
}

// Reasons reported by Status when a rebuild is needed.
const (
	ReasonNew     = "new"     // no index existed
	ReasonVersion = "version" // built with another MappingVersion
	ReasonBroken  = "broken"  // could not be opened or read
	ReasonPanic   = "panic"   // Bleve panicked while in use
)

// boltTimeout bounds the wait for the lock on root.bolt, which another
// process holding the same directory keeps.
const boltTimeout = "1s"

// Open opens the index in dir, creating it if needed. It does not fail
// because the index is unusable; instead:
//
//  1. no dir, or an empty one: a new empty index (reason "new");
//  2. state.json missing with other files present, unreadable, or naming
//     an index that does not open or answer a probe query: dir is renamed
//     to <dir>.broken-<time> and a new empty index is created ("broken");
//  3. a MappingVersion other than ours: dir is renamed to <dir>.old-<time>
//     and a new empty index is created ("version");
//  4. leftover generations of an interrupted rebuild are removed.
//
// In every case except an open, complete index NeedsRebuild reports true
// until a Rebuild finishes; that survives restarts. Open returns an error
// only when dir cannot be created, moved or written (ErrLocked when
// another process holds it).
func Open(dir string, opts Options) (*Index, error) {
	ix := &Index{dir: filepath.Clean(dir), log: opts.Logger}
	if ix.log == nil {
		ix.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := os.MkdirAll(ix.dir, dirPerm); err != nil {
		return nil, fmt.Errorf("search: create %s: %w", ix.dir, err)
	}
	st, err := readState(ix.dir)
	switch {
	case errors.Is(err, errNoState):
		return ix.openFresh()
	case err != nil:
		return ix.replace("broken", ReasonBroken, err)
	case st.Version != MappingVersion:
		return ix.replace("old", ReasonVersion,
			fmt.Errorf("index version %d, want %d", st.Version, MappingVersion))
	}
	gen, err := openGeneration(ix.dir, st.Generation)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return ix.replace("broken", ReasonBroken, err)
	}
	if _, err := removeLeftovers(ix.dir, st.Generation); err != nil {
		_ = gen.bleve.Close()
		return nil, fmt.Errorf("search: %w", err)
	}
	ix.live, ix.st = gen, st
	ix.log.Info("search index opened", "path", ix.dir, "complete", st.Complete)
	return ix, nil
}

// openFresh starts an index in a directory without state.json: after
// removing our own leftovers it must be empty.
func (ix *Index) openFresh() (*Index, error) {
	foreign, err := removeLeftovers(ix.dir, "")
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if foreign {
		return ix.replace("broken", ReasonBroken, errors.New("unknown files and no state file"))
	}
	return ix.create(ReasonNew)
}

// replace moves the unusable directory aside and creates a new index.
func (ix *Index) replace(label, reason string, cause error) (*Index, error) {
	moved, err := moveAside(ix.dir, label, time.Now())
	if err != nil {
		return nil, fmt.Errorf("search: %w (after: %w)", err, cause)
	}
	ix.log.Warn("search index moved aside; a rebuild is needed",
		"path", ix.dir, "moved_to", moved, "reason", reason, "error", cause.Error())
	if err := os.MkdirAll(ix.dir, dirPerm); err != nil {
		return nil, fmt.Errorf("search: create %s: %w", ix.dir, err)
	}
	return ix.create(reason)
}

// create makes a new empty generation live, marked incomplete.
func (ix *Index) create(reason string) (*Index, error) {
	gen, err := newGenerationIn(ix.dir)
	if err != nil {
		return nil, err
	}
	st := state{Version: MappingVersion, Generation: gen.name, Reason: reason}
	if err := writeState(ix.dir, st); err != nil {
		_ = gen.bleve.Close()
		return nil, fmt.Errorf("search: %w", err)
	}
	ix.live, ix.st = gen, st
	ix.log.Info("search index created", "path", ix.dir, "reason", reason)
	return ix, nil
}

// bleveConfig is the runtime configuration of every generation. It leaves
// "unsafe_batch" at its default, false: see doc.go, "Durability".
func bleveConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": boltTimeout}
}

// newGenerationIn creates an empty Bleve index in a new generation of dir.
func newGenerationIn(dir string) (*generation, error) {
	name := newGeneration(dir, time.Now())
	idx, err := bleve.NewUsing(filepath.Join(dir, name), newMapping(),
		scorch.Name, scorch.Name, bleveConfig())
	if err != nil {
		return nil, fmt.Errorf("search: create index %s: %w", name, err)
	}
	return &generation{name: name, bleve: idx}, nil
}

// openGeneration opens generation name of dir and probes it with a count
// and a one-hit query that loads stored fields. A panic counts as failure.
// It also fails when scorch did not load the newest snapshot (see
// snapshot.go).
func openGeneration(dir, name string) (gen *generation, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w opening %s: %v", ErrPanic, name, r)
		}
	}()
	path := filepath.Join(dir, name)
	err = checkNewestSnapshot(path)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	idx, err := bleve.OpenUsing(path, bleveConfig())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			_ = idx.Close()
		}
	}()
	if err := probe(idx); err != nil {
		return nil, fmt.Errorf("probe %s: %w", name, err)
	}
	return &generation{name: name, bleve: idx}, nil
}

// probe reads the document count and the stored fields of one document.
func probe(idx bleve.Index) error {
	if _, err := idx.DocCount(); err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.Fields = []string{"*"}
	_, err := idx.Search(req)
	return err
}

// Close stops a running rebuild, waits for it to clean up, and closes the
// index. Calls after Close return ErrClosed; closing twice is harmless.
func (ix *Index) Close() (err error) {
	defer ix.guard("close", &err)
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	ix.mu.Unlock()

	ix.writeMu.Lock()
	run := ix.rebuild
	ix.writeMu.Unlock()
	if run != nil {
		run.cancel()
		<-run.done
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.live.bleve.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	ix.log.Info("search index closed", "path", ix.dir)
	return nil
}

// Status describes the index for health pages and the rebuild progress
// bar.
type Status struct {
	// Rebuilding is true while Rebuild runs; Done of Total documents
	// (Total 0 when the caller did not know it) have been fed so far.
	Rebuilding  bool
	Done, Total int
	// Docs is the number of documents in the live index.
	Docs uint64
	// NeedsRebuild is true when the live index may lack records; Reason
	// is one of the Reason constants.
	NeedsRebuild bool
	Reason       string
}

// Status reports the index state. Docs is 0 when the count fails.
func (ix *Index) Status() Status {
	s := Status{
		Rebuilding: ix.rebuilding.Load(),
		Done:       int(ix.done.Load()),
		Total:      int(ix.total.Load()),
	}
	s.NeedsRebuild, s.Reason = ix.needsRebuild()
	s.Docs, _ = ix.Count()
	return s
}

// NeedsRebuild reports whether the live index may lack records (it is new,
// replaced a broken or outdated one, or Bleve panicked) and stays true
// until a Rebuild finishes.
func (ix *Index) NeedsRebuild() bool {
	needs, _ := ix.needsRebuild()
	return needs
}

func (ix *Index) needsRebuild() (bool, string) {
	ix.stateMu.Lock()
	defer ix.stateMu.Unlock()
	return !ix.st.Complete, ix.st.Reason
}

// markIncomplete records that the live generation needs a rebuild, in
// memory and, as far as possible, in state.json.
func (ix *Index) markIncomplete(reason string) {
	ix.stateMu.Lock()
	defer ix.stateMu.Unlock()
	if !ix.st.Complete {
		return
	}
	ix.st.Complete, ix.st.Reason = false, reason
	if err := writeState(ix.dir, ix.st); err != nil {
		ix.log.Error("search: record that a rebuild is needed", "error", err.Error())
	}
}

// setState writes st to state.json and remembers it.
func (ix *Index) setState(st state) error {
	ix.stateMu.Lock()
	defer ix.stateMu.Unlock()
	if err := writeState(ix.dir, st); err != nil {
		return err
	}
	ix.st = st
	return nil
}

// guard turns a panic in an exported method into ErrPanic and marks the
// index for rebuild. It must be the first deferred call, so that the
// method's own deferred unlocks have run when it does.
func (ix *Index) guard(op string, err *error) {
	r := recover()
	if r == nil {
		return
	}
	ix.log.Error("search: recovered panic; index marked for rebuild",
		"op", op, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	ix.markIncomplete(ReasonPanic)
	*err = fmt.Errorf("%w in %s: %v", ErrPanic, op, r)
}

// acquire returns the live generation under the read lock; the caller
// must call ix.mu.RUnlock when done with it, also on error.
func (ix *Index) acquire() (*generation, error) {
	ix.mu.RLock()
	if ix.closed {
		return nil, ErrClosed
	}
	return ix.live, nil
}

// Count returns the number of documents in the live index.
func (ix *Index) Count() (n uint64, err error) {
	defer ix.guard("count", &err)
	gen, err := ix.acquire()
	defer ix.mu.RUnlock()
	if err != nil {
		return 0, err
	}
	n, err = gen.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// IDs returns the sorted ids of all indexed records of type typ, for
// checking the index against the database.
func (ix *Index) IDs(typ string) (ids []string, err error) {
	defer ix.guard("ids", &err)
	gen, err := ix.acquire()
	defer ix.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	ids, err = allIDs(gen.bleve, typ)
	if err != nil {
		return nil, fmt.Errorf("search: list %s ids: %w", typ, err)
	}
	sort.Strings(ids)
	return ids, nil
}

// allIDs walks every live document id of idx.
func allIDs(idx bleve.Index, typ string) ([]string, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // read-only: nothing to flush
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer func() { _ = all.Close() }()
	var ids []string
	for {
		internal, err := all.Next()
		if err != nil || internal == nil {
			return ids, err
		}
		docID, err := r.ExternalID(internal)
		if err != nil {
			return nil, err
		}
		if k := keyOf(docID); k.Type == typ {
			ids = append(ids, k.ID)
		}
	}
}
