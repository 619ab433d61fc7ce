package store_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

// ---- Previous schema (1): frozen copy of how release 1 wrote widgets. ----
//
// Do not "fix" this writer to the current shape: its job is to produce data
// exactly as the previous release left it on disk, one role as a string.

type widgetSchema1 struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// writeWidgetsSchema1 is the previous schema's writer: it stamps the
// database the way release 1 did at start-up, then writes n widgets under
// widget/<id> with a single "role" string.
func writeWidgetsSchema1(t *testing.T, db *store.DB, n int) map[string]widgetSchema1 {
	t.Helper()
	migrate(t, db, nil, nil)
	roles := []string{"rep", "manager", "admin", ""}
	written := map[string]widgetSchema1{}
	update(t, db, func(tx *store.Tx) error {
		for i := range n {
			w := widgetSchema1{ID: fmt.Sprintf("w%04d", i), Name: fmt.Sprintf("零件 %d", i), Role: roles[i%len(roles)]}
			if err := tx.PutJSON("widget/"+w.ID, w); err != nil {
				return err
			}
			written[w.ID] = w
		}
		return tx.Put("widgetx/1", []byte(`{"role":"not a widget"}`))
	})
	return written
}

// ---- Current schema (2): a widget holds a list of roles. ----

type widgetSchema2 struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// migrateWidgetRoles turns each widget's "role" into "roles". Widgets that
// have no "role" field are already in the new shape and are left alone, so
// running it again after an interruption is harmless.
func migrateWidgetRoles(db *store.DB) error {
	return db.Update(func(tx *store.Tx) error {
		changed := map[string]widgetSchema2{}
		err := tx.Scan("widget/", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			var w struct {
				widgetSchema2
				Role *string `json:"role"`
			}
			if err := json.Unmarshal(val, &w); err != nil {
				return false, fmt.Errorf("decode %s: %w", key, err)
			}
			if w.Role == nil {
				return true, nil
			}
			w.Roles = []string{}
			if *w.Role != "" {
				w.Roles = append(w.Roles, *w.Role)
			}
			changed[key] = w.widgetSchema2
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, key := range slices.Sorted(maps.Keys(changed)) {
			if err := tx.PutJSON(key, changed[key]); err != nil {
				return err
			}
		}
		return nil
	})
}

var schema2 = []store.Migration{{To: 2, Name: "widget roles list", Run: migrateWidgetRoles}}

func TestMigrateSchema2OnSchema1Data(t *testing.T) {
	dir := t.TempDir()
	old, err := store.Open(dir, store.DefaultOptions(), discardLog())
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	written := writeWidgetsSchema1(t, old, 120)
	if err := old.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db := openDB(t, dir)
	if got := schemaVersion(t, db); got != 1 {
		t.Fatalf("schema version of release-1 data = %d, want 1", got)
	}
	backups := 0
	migrate(t, db, schema2, func(from, to int) error {
		backups++
		return nil
	})

	if got := schemaVersion(t, db); got != 2 {
		t.Errorf("schema version = %d, want 2", got)
	}
	if backups != 1 {
		t.Errorf("before hook ran %d times, want 1", backups)
	}
	assertWidgetsSchema2(t, db, written)
	view(t, db, func(tx *store.Tx) error {
		raw, err := tx.Get("widgetx/1")
		if err != nil || string(raw) != `{"role":"not a widget"}` {
			t.Errorf("neighbouring record = %s, %v; want it untouched", raw, err)
		}
		return nil
	})

	t.Run("second run changes nothing", func(t *testing.T) {
		before := dump(t, db)
		if err := migrateWidgetRoles(db); err != nil {
			t.Fatalf("migration run again: %v", err)
		}
		migrate(t, db, schema2, func(from, to int) error {
			t.Errorf("before hook called with nothing pending (%d → %d)", from, to)
			return nil
		})
		assertSame(t, db, before)
	})
}

// assertWidgetsSchema2 checks that every widget written by schema 1 is now
// in the schema-2 shape with the same content, and that there are no others.
func assertWidgetsSchema2(t *testing.T, db *store.DB, written map[string]widgetSchema1) {
	t.Helper()
	seen := 0
	view(t, db, func(tx *store.Tx) error {
		return tx.Scan("widget/", store.ScanOptions{}, func(key string, val []byte) (bool, error) {
			seen++
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(val, &fields); err != nil {
				return false, err
			}
			if got := slices.Sorted(maps.Keys(fields)); !slices.Equal(got, []string{"id", "name", "roles"}) {
				t.Errorf("%s has fields %q, want id, name, roles", key, got)
			}
			var got widgetSchema2
			if err := json.Unmarshal(val, &got); err != nil {
				return false, err
			}
			old, ok := written[got.ID]
			want := widgetSchema2{ID: old.ID, Name: old.Name, Roles: []string{}}
			if old.Role != "" {
				want.Roles = []string{old.Role}
			}
			if !ok || key != "widget/"+got.ID || got.Name != want.Name || !slices.Equal(got.Roles, want.Roles) {
				t.Errorf("%s = %s, want %+v", key, val, want)
			}
			return true, nil
		})
	})
	if seen != len(written) {
		t.Errorf("found %d widgets, want %d", seen, len(written))
	}
}
