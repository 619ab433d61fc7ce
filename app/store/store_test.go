package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

func TestOpenRunsWithDefaultOptions(t *testing.T) {
	db := newDB(t)

	if got, want := db.EffectiveOptions(), store.DefaultOptions(); got != want {
		t.Errorf("EffectiveOptions() = %+v, want %+v", got, want)
	}
	if !db.SyncWrites() {
		t.Errorf("SyncWrites() = false, want true")
	}
}

func TestOpenRefusesDirectoryInUse(t *testing.T) {
	dir := t.TempDir()
	openDB(t, dir)

	db, err := store.Open(dir, store.DefaultOptions(), discardLog())
	if err == nil {
		db.Close()
		t.Fatalf("second Open(%s) error = nil, want an error", dir)
	}
}

func TestGetPutDeleteHas(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		return tx.Put("customer/1", []byte("one"))
	})

	view(t, db, func(tx *store.Tx) error {
		got, err := tx.Get("customer/1")
		if err != nil || string(got) != "one" {
			t.Errorf("Get(customer/1) = %q, %v; want %q, nil", got, err, "one")
		}
		has, err := tx.Has("customer/1")
		if err != nil || !has {
			t.Errorf("Has(customer/1) = %v, %v; want true, nil", has, err)
		}
		has, err = tx.Has("customer/2")
		if err != nil || has {
			t.Errorf("Has(customer/2) = %v, %v; want false, nil", has, err)
		}
		_, err = tx.Get("customer/2")
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(customer/2) error = %v, want ErrNotFound", err)
		}
		return nil
	})

	update(t, db, func(tx *store.Tx) error {
		if err := tx.Put("customer/1", []byte("uno")); err != nil {
			return err
		}
		return tx.Delete("customer/missing")
	})
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.Get("customer/1")
		if err != nil || string(got) != "uno" {
			t.Errorf("Get after overwrite = %q, %v; want %q, nil", got, err, "uno")
		}
		return nil
	})

	update(t, db, func(tx *store.Tx) error { return tx.Delete("customer/1") })
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.Get("customer/1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get after Delete error = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestGetReturnsACopy(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"k": "value"})

	var first []byte
	view(t, db, func(tx *store.Tx) error {
		var err error
		first, err = tx.Get("k")
		return err
	})
	update(t, db, func(tx *store.Tx) error { return tx.Put("k", []byte("VALUE")) })

	if string(first) != "value" {
		t.Errorf("value read before overwrite = %q, want %q", first, "value")
	}
}

type contact struct {
	Name   string   `json:"name"`
	Phones []string `json:"phones"`
}

func TestGetJSONPutJSON(t *testing.T) {
	db := newDB(t)
	want := contact{Name: "王芳", Phones: []string{"+86 138 0000 0000", "0571-1234"}}
	update(t, db, func(tx *store.Tx) error { return tx.PutJSON("contact/1", want) })

	view(t, db, func(tx *store.Tx) error {
		var got contact
		if err := tx.GetJSON("contact/1", &got); err != nil {
			t.Fatalf("GetJSON: %v", err)
		}
		if got.Name != want.Name || !slices.Equal(got.Phones, want.Phones) {
			t.Errorf("GetJSON = %+v, want %+v", got, want)
		}
		raw, err := tx.Get("contact/1")
		if err != nil || string(raw) != `{"name":"王芳","phones":["+86 138 0000 0000","0571-1234"]}` {
			t.Errorf("stored JSON = %s, %v", raw, err)
		}
		var missing contact
		if err := tx.GetJSON("contact/2", &missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetJSON(missing) error = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestGetJSONReportsUndecodableValue(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"contact/1": "not json"})

	err := db.View(func(tx *store.Tx) error {
		var c contact
		return tx.GetJSON("contact/1", &c)
	})
	if err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetJSON(bad JSON) error = %v, want a decode error", err)
	}
}

func TestWritesInViewFail(t *testing.T) {
	writes := []struct {
		name  string
		write func(tx *store.Tx) error
	}{
		{"Put", func(tx *store.Tx) error { return tx.Put("k/new", []byte("v")) }},
		{"PutJSON", func(tx *store.Tx) error { return tx.PutJSON("k/new", contact{Name: "x"}) }},
		{"Delete", func(tx *store.Tx) error { return tx.Delete("k/old") }},
		{"ClaimUnique", func(tx *store.Tx) error { return tx.ClaimUnique("user", "email", "a@b.c", "1") }},
		{"ReleaseUnique", func(tx *store.Tx) error { return tx.ReleaseUnique("user", "email", "a@b.c") }},
		{"AddIndex", func(tx *store.Tx) error { return tx.AddIndex("user", "region", "r1", "1") }},
		{"RemoveIndex", func(tx *store.Tx) error { return tx.RemoveIndex("user", "region", "r1", "1") }},
		{"AppendEvent", func(tx *store.Tx) error {
			return tx.AppendEvent(&store.Event{Kind: "x.y", At: t0, Subject: "k/old"})
		}},
	}
	for _, tc := range writes {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			putAll(t, db, map[string]string{"k/old": "v"})
			before := dump(t, db)

			err := db.View(tc.write)

			if !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("%s in View error = %v, want ErrReadOnly", tc.name, err)
			}
			assertSame(t, db, before)
		})
	}
}

func TestFailedUpdateRollsBack(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"k/keep": "old", "k/gone": "old"})
	before := dump(t, db)
	errBoom := errors.New("boom")

	err := db.Update(func(tx *store.Tx) error {
		writes := []error{
			tx.Put("k/keep", []byte("new")),
			tx.Put("k/added", []byte("new")),
			tx.Delete("k/gone"),
			tx.ClaimUnique("user", "email", "a@b.c", "1"),
			tx.AddIndex("user", "region", "r1", "1"),
			tx.AppendEvent(&store.Event{Kind: "x.y", At: t0, Subject: "k/keep"}),
		}
		if err := errors.Join(writes...); err != nil {
			t.Fatalf("writes in Update: %v", err)
		}
		return errBoom
	})

	if err != errBoom { //nolint:errorlint // the very same error value is the point
		t.Errorf("Update error = %v, want the function's error unchanged (%v)", err, errBoom)
	}
	assertSame(t, db, before)
}

func TestUpdateRetriesOnConflict(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"counter": "a"})

	attempts := 0
	err := db.Update(func(tx *store.Tx) error {
		attempts++
		val, err := tx.Get("counter")
		if err != nil {
			return err
		}
		if attempts == 1 {
			// Another writer commits the key this transaction has read.
			update(t, db, func(other *store.Tx) error {
				return other.Put("counter", append(val, 'b'))
			})
		}
		return tx.Put("counter", append(val, 'c'))
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}

	if attempts != 2 {
		t.Errorf("attempts = %d, want 2 (one conflict, one retry)", attempts)
	}
	assertSame(t, db, map[string]string{"counter": "abc"})
}

func TestUpdateGivesUpAfterRepeatedConflicts(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"counter": "0"})

	attempts := 0
	err := db.Update(func(tx *store.Tx) error {
		attempts++
		if _, err := tx.Get("counter"); err != nil {
			return err
		}
		update(t, db, func(other *store.Tx) error {
			return other.Put("counter", []byte{byte('0' + attempts%10)})
		})
		return tx.Put("counter", []byte("lost"))
	})

	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("Update error = %v, want ErrConflict", err)
	}
	if attempts < 2 {
		t.Errorf("attempts = %d, want retries before giving up", attempts)
	}
	view(t, db, func(tx *store.Tx) error {
		if got, _ := tx.Get("counter"); string(got) == "lost" {
			t.Errorf("counter = %q: a conflicting transaction was committed", got)
		}
		return nil
	})
}

func TestValuesSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.DefaultOptions(), discardLog())
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	big := string(make([]byte, 64<<10)) // above ValueThreshold: lives in the value log
	want := map[string]string{"customer/1": "small", "file/1": big}
	putAll(t, db, want)
	update(t, db, func(tx *store.Tx) error { return tx.Put("customer/2", []byte("deleted")) })
	update(t, db, func(tx *store.Tx) error { return tx.Delete("customer/2") })
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	reopened := openDB(t, dir)

	assertSame(t, reopened, want)
}

func TestKey(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"one part", []string{"meta"}, "meta"},
		{"entity and id", []string{"user", "01H"}, "user/01H"},
		{"nested", []string{"evsubj", "user/01H", "01J"}, "evsubj/user/01H/01J"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.Key(tc.parts...); got != tc.want {
				t.Errorf("Key(%q) = %q, want %q", tc.parts, got, tc.want)
			}
		})
	}
}
