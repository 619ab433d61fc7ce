package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func followUp(id, text string) Doc {
	return Doc{Type: TypeFollowUp, ID: id, Text: []string{text}, OwnerID: "u"}
}

// feedOf feeds docs to Rebuild.
func feedOf(docs ...Doc) Feed {
	return func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
}

func rebuild(t *testing.T, ix *Index, docs ...Doc) {
	t.Helper()
	if err := ix.Rebuild(context.Background(), len(docs), feedOf(docs...), nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
}

func mustIDs(t *testing.T, ix *Index, typ string) []string {
	t.Helper()
	got, err := ix.IDs(typ)
	if err != nil {
		t.Fatalf("IDs(%s): %v", typ, err)
	}
	return got
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func reopen(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestNewIndexNeedsRebuildUntilRebuilt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	if s := ix.Status(); !s.NeedsRebuild || s.Reason != ReasonNew {
		t.Fatalf("new index status %+v, want NeedsRebuild with reason %q", s, ReasonNew)
	}
	rebuild(t, ix, followUp("f1", "续约"))
	if ix.NeedsRebuild() {
		t.Fatal("NeedsRebuild after Rebuild")
	}
	ix.Close()
	ix = reopen(t, dir)
	if ix.NeedsRebuild() || !reflect.DeepEqual(mustIDs(t, ix, TypeFollowUp), []string{"f1"}) {
		t.Fatalf("after reopen: NeedsRebuild %v, ids %v", ix.NeedsRebuild(), mustIDs(t, ix, TypeFollowUp))
	}
}

func TestApplyPutDeleteAndIDs(t *testing.T) {
	ix := openTest(t)
	put(t, ix, followUp("f1", "a"), followUp("f2", "b"), followUp("f3", "c"),
		Doc{Type: TypeContact, ID: "f1", Title: "same id, other type"})
	var b Batch
	b.Delete(TypeFollowUp, "f2")
	b.Delete(TypeFollowUp, "absent")
	b.Put(followUp("f4", "d"))
	b.Delete(TypeFollowUp, "f4") // the last operation on a key wins
	b.Put(followUp("f3", "续约"))
	if err := ix.Apply(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if got, want := mustIDs(t, ix, TypeFollowUp), []string{"f1", "f3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("followup ids %v, want %v", got, want)
	}
	if got, want := mustIDs(t, ix, TypeContact), []string{"f1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("contact ids %v, want %v", got, want)
	}
	if n, err := ix.Count(); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	res, err := ix.Search(context.Background(), Request{Q: "续约", Scope: everything})
	if err != nil || len(res.Items) != 1 || res.Items[0].ID != "f3" {
		t.Errorf("updated f3 not found: %v %v", err, res.Items)
	}
}

func TestApplyRejectsInvalidDocs(t *testing.T) {
	ix := openTest(t)
	cases := []struct {
		name string
		fill func(b *Batch)
		want error
	}{
		{"unknown type", func(b *Batch) { b.Put(Doc{Type: "contract", ID: "k1"}) }, ErrUnknownType},
		{"no id", func(b *Batch) { b.Put(Doc{Type: TypeCustomer}) }, ErrInvalidDoc},
		{"delete unknown type", func(b *Batch) { b.Delete("nope", "x") }, ErrUnknownType},
	}
	for _, c := range cases {
		var b Batch
		b.Put(followUp("ok", "x"))
		c.fill(&b)
		if err := ix.Apply(context.Background(), &b); !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("a rejected batch was partly applied: %d docs", n)
	}
}

// Apply returns after the batch is on disk: a copy of the directory taken
// right after it, without closing (as after a crash), holds the documents.
func TestApplyIsDurable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	put(t, ix, followUp("f1", "续约"), followUp("f2", "条款"))
	var b Batch
	b.Delete(TypeFollowUp, "f2")
	if err := ix.Apply(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(crashed, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	copied := reopen(t, crashed)
	if got := mustIDs(t, copied, TypeFollowUp); !reflect.DeepEqual(got, []string{"f1"}) {
		t.Errorf("ids in the crash copy %v, want [f1]", got)
	}
}

func TestVersionMismatchMovesAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	rebuild(t, ix, followUp("f1", "续约"))
	ix.Close()
	st, err := readState(dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Version = MappingVersion - 1
	if err := writeState(dir, st); err != nil {
		t.Fatal(err)
	}
	ix = reopen(t, dir)
	if s := ix.Status(); !s.NeedsRebuild || s.Reason != ReasonVersion || s.Docs != 0 {
		t.Errorf("status %+v, want an empty index needing a rebuild for %q", s, ReasonVersion)
	}
	assertMovedAside(t, dir, ".old-")
}

func assertMovedAside(t *testing.T, dir, label string) {
	t.Helper()
	for _, name := range entries(t, filepath.Dir(dir)) {
		if strings.HasPrefix(name, filepath.Base(dir)+label) {
			return
		}
	}
	t.Errorf("no %s%s* next to it: %v", dir, label, entries(t, filepath.Dir(dir)))
}

// Damage of several kinds: Open still succeeds with an empty index that
// needs a rebuild, and the damaged directory is kept aside.
func TestCorruptIndexMovesAside(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir, gen string)
	}{
		{"garbage root.bolt", func(t *testing.T, dir, gen string) {
			// Both bolt meta pages, so bolt cannot fall back to the other.
			overwrite(t, filepath.Join(dir, gen, "store", "root.bolt"), 0)
			overwrite(t, filepath.Join(dir, gen, "store", "root.bolt"), 4096)
		}},
		{"garbage in the middle of a segment", func(t *testing.T, dir, gen string) {
			seg := segmentFile(t, filepath.Join(dir, gen, "store"))
			fi, err := os.Stat(seg)
			if err != nil {
				t.Fatal(err)
			}
			overwrite(t, seg, fi.Size()/2)
		}},
		{"truncated segment", func(t *testing.T, dir, gen string) {
			seg := segmentFile(t, filepath.Join(dir, gen, "store"))
			if err := os.Truncate(seg, 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage segment footer", func(t *testing.T, dir, gen string) {
			seg := segmentFile(t, filepath.Join(dir, gen, "store"))
			fi, err := os.Stat(seg)
			if err != nil {
				t.Fatal(err)
			}
			overwrite(t, seg, fi.Size()-64)
		}},
		{"missing index_meta.json", func(t *testing.T, dir, gen string) {
			os.Remove(filepath.Join(dir, gen, "index_meta.json"))
		}},
		{"garbage state.json", func(t *testing.T, dir, gen string) {
			os.WriteFile(filepath.Join(dir, stateFile), []byte("{not json"), 0o600)
		}},
		{"state.json names a missing generation", func(t *testing.T, dir, gen string) {
			os.RemoveAll(filepath.Join(dir, gen))
		}},
		{"foreign files, no state.json", func(t *testing.T, dir, gen string) {
			os.Remove(filepath.Join(dir, stateFile))
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := reopen(t, dir)
			rebuild(t, ix, followUp("f1", "续约"), followUp("f2", "条款"))
			gen := ix.live.name
			ix.Close()
			c.damage(t, dir, gen)

			ix = reopen(t, dir)
			if s := ix.Status(); !s.NeedsRebuild || s.Reason != ReasonBroken || s.Docs != 0 {
				t.Errorf("status %+v, want an empty index needing a rebuild for %q", s, ReasonBroken)
			}
			assertMovedAside(t, dir, ".broken-")
			rebuild(t, ix, followUp("f3", "续约"))
			if got := mustIDs(t, ix, TypeFollowUp); !reflect.DeepEqual(got, []string{"f3"}) {
				t.Errorf("ids after rebuild %v, want [f3]", got)
			}
		})
	}
}

// overwrite writes 4 KiB of garbage at offset.
func overwrite(t *testing.T, path string, offset int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 1024)), offset); err != nil {
		t.Fatal(err)
	}
}

func segmentFile(t *testing.T, store string) string {
	t.Helper()
	for _, name := range entries(t, store) {
		if strings.HasSuffix(name, ".zap") {
			return filepath.Join(store, name)
		}
	}
	t.Fatalf("no segment in %s: %v", store, entries(t, store))
	return ""
}

func TestOpenLockedDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	put(t, ix, followUp("f1", "续约"))
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if got := mustIDs(t, ix, TypeFollowUp); !reflect.DeepEqual(got, []string{"f1"}) {
		t.Errorf("the first index was disturbed: ids %v", got)
	}
}

// Without state.json, generations are our own leftovers (a crash while
// creating the index): they are removed and the index starts afresh.
func TestMissingStateStartsAfresh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	rebuild(t, ix, followUp("f1", "x"))
	ix.Close()
	os.Remove(filepath.Join(dir, stateFile))
	ix = reopen(t, dir)
	if s := ix.Status(); !s.NeedsRebuild || s.Reason != ReasonNew || s.Docs != 0 {
		t.Errorf("status %+v, want a new empty index", s)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("entries %v, want state.json and one generation", names)
	}
}

func TestLeftoverGenerationsRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	ix.Close()
	stray := filepath.Join(dir, genPrefix+"19990101T000000.000000000Z")
	if err := os.MkdirAll(filepath.Join(stray, "store"), 0o700); err != nil {
		t.Fatal(err)
	}
	reopen(t, dir)
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("leftover generation still there: %v", entries(t, dir))
	}
}

func TestRebuildSwapsAndReportsProgress(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	put(t, ix, followUp("stale", "续约"))
	oldGen := ix.live.name

	var docs []Doc
	for i := 0; i < 1234; i++ {
		docs = append(docs, followUp(fmt.Sprintf("f%04d", i), "续约条款"))
	}
	var calls []int
	var during Status
	var duringHits int
	progress := func(done, total int) {
		calls = append(calls, done)
		if total != len(docs) {
			t.Errorf("progress total %d, want %d", total, len(docs))
		}
		if len(calls) == 1 {
			during = ix.Status()
			res, err := ix.Search(context.Background(), Request{Q: "续约", Scope: everything})
			if err != nil {
				t.Errorf("search during rebuild: %v", err)
			}
			duringHits = res.Total
		}
	}
	if err := ix.Rebuild(context.Background(), len(docs), feedOf(docs...), progress); err != nil {
		t.Fatal(err)
	}
	if want := []int{500, 1000, 1234}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
	if !during.Rebuilding || during.Done != 500 || during.Total != 1234 || during.Docs != 1 {
		t.Errorf("status during rebuild %+v", during)
	}
	if duringHits != 1 {
		t.Errorf("search during rebuild found %d, want the old index's 1", duringHits)
	}
	if s := ix.Status(); s.Rebuilding || s.NeedsRebuild || s.Docs != 1234 {
		t.Errorf("status after rebuild %+v", s)
	}
	if got := mustIDs(t, ix, TypeFollowUp); len(got) != 1234 || indexOf(got, "stale") >= 0 {
		t.Errorf("after rebuild: %d ids, stale present: %v", len(got), indexOf(got, "stale") >= 0)
	}
	if _, err := os.Stat(filepath.Join(dir, oldGen)); !os.IsNotExist(err) {
		t.Errorf("old generation not removed: %v", entries(t, dir))
	}
}

// Changes applied while a rebuild runs survive the swap, even when the
// feed later yields an older version of the same record.
func TestApplyDuringRebuild(t *testing.T) {
	ix := openTest(t)
	put(t, ix, followUp("keep", "旧"), followUp("gone", "旧"))
	feed := func(yield func(Doc) error) error {
		if err := yield(followUp("early", "旧")); err != nil {
			return err
		}
		var b Batch
		b.Put(followUp("keep", "新"))
		b.Delete(TypeFollowUp, "gone")
		b.Put(followUp("added", "新"))
		if err := ix.Apply(context.Background(), &b); err != nil {
			return err
		}
		// The feed read these before the changes above.
		for _, d := range []Doc{followUp("keep", "旧"), followUp("gone", "旧")} {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
	if err := ix.Rebuild(context.Background(), 0, feed, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := mustIDs(t, ix, TypeFollowUp), []string{"added", "early", "keep"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ids %v, want %v", got, want)
	}
	hits, _ := searchAll(t, ix, Request{Q: "新", Scope: everything})
	if got := ids(hits); !sameSet(got, []string{"keep", "added"}) {
		t.Errorf("records with the new text: %v, want keep and added", got)
	}
}

func TestRebuildFailureKeepsOldIndex(t *testing.T) {
	boom := errors.New("database gone")
	ctx, cancel := context.WithCancel(context.Background())
	cases := []struct {
		name string
		ctx  context.Context
		feed Feed
		want error
	}{
		{"feed error", context.Background(), func(yield func(Doc) error) error {
			yield(followUp("new", "x"))
			return boom
		}, boom},
		{"cancelled", ctx, func(yield func(Doc) error) error {
			cancel()
			return yield(followUp("new", "x"))
		}, context.Canceled},
		{"invalid doc", context.Background(), feedOf(Doc{Type: "nope", ID: "1"}), ErrUnknownType},
		{"feed panics", context.Background(), func(yield func(Doc) error) error {
			panic("feed bug")
		}, ErrPanic},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := reopen(t, dir)
			rebuild(t, ix, followUp("old", "x"))
			err := ix.Rebuild(c.ctx, 0, c.feed, nil)
			if !errors.Is(err, c.want) {
				t.Fatalf("Rebuild error %v, want %v", err, c.want)
			}
			if got := mustIDs(t, ix, TypeFollowUp); !reflect.DeepEqual(got, []string{"old"}) {
				t.Errorf("ids %v, want the old index's [old]", got)
			}
			if s := ix.Status(); s.Rebuilding || s.NeedsRebuild {
				t.Errorf("status after a failed rebuild %+v", s)
			}
			if names := entries(t, dir); len(names) != 2 {
				t.Errorf("leftovers in %s: %v", dir, names)
			}
		})
	}
}

func TestRebuildRunsOnce(t *testing.T) {
	ix := openTest(t)
	var inner error
	feed := func(yield func(Doc) error) error {
		inner = ix.Rebuild(context.Background(), 0, feedOf(), nil)
		return nil
	}
	if err := ix.Rebuild(context.Background(), 0, feed, nil); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(inner, ErrRebuildRunning) {
		t.Errorf("nested Rebuild: %v, want ErrRebuildRunning", inner)
	}
}

// Close during a rebuild stops it and waits for its cleanup.
func TestCloseDuringRebuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	started, result := make(chan struct{}), make(chan error)
	go func() {
		result <- ix.Rebuild(context.Background(), 0, func(yield func(Doc) error) error {
			close(started)
			for i := 0; ; i++ {
				if err := yield(followUp(fmt.Sprint(i), "x")); err != nil {
					return err
				}
			}
		}, nil)
	}()
	<-started
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-result; !errors.Is(err, context.Canceled) && !errors.Is(err, ErrClosed) {
		t.Errorf("Rebuild after Close: %v", err)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("leftovers in %s: %v", dir, names)
	}
}

func TestClosed(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	var b Batch
	b.Put(followUp("f1", "x"))
	calls := map[string]error{
		"Apply":   ix.Apply(context.Background(), &b),
		"Rebuild": ix.Rebuild(context.Background(), 0, feedOf(), nil),
	}
	_, calls["Search"] = ix.Search(context.Background(), Request{Q: "x", Scope: everything})
	_, calls["Count"] = ix.Count()
	_, calls["IDs"] = ix.IDs(TypeFollowUp)
	for name, err := range calls {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}

// A panic inside a guarded call becomes ErrPanic and a recorded need to
// rebuild, which survives a restart.
func TestPanicMarksForRebuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := reopen(t, dir)
	rebuild(t, ix)
	err := func() (err error) {
		defer ix.guard("test", &err)
		var s []int
		_ = s[len(s)] // index out of range
		return nil
	}()
	if !errors.Is(err, ErrPanic) {
		t.Fatalf("error %v, want ErrPanic", err)
	}
	if s := ix.Status(); !s.NeedsRebuild || s.Reason != ReasonPanic {
		t.Errorf("status %+v, want NeedsRebuild for %q", s, ReasonPanic)
	}
	ix.Close()
	if !reopen(t, dir).NeedsRebuild() {
		t.Error("need to rebuild forgotten after reopen")
	}
}
