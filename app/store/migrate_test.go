package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/frontline-crm/frontline/app/store"
)

// recorder counts the calls of the before hook and of each migration.
type recorder struct {
	before [][2]int
	ran    []int
	// fail makes the migration to this version fail, once.
	fail int
}

var errMigration = errors.New("migration failed")

func (r *recorder) hook(from, to int) error {
	r.before = append(r.before, [2]int{from, to})
	return nil
}

// migrations returns no-op migrations to schemas 2..latest that record
// their runs.
func (r *recorder) migrations(latest int) []store.Migration {
	var ms []store.Migration
	for v := 2; v <= latest; v++ {
		ms = append(ms, store.Migration{To: v, Name: fmt.Sprintf("step %d", v), Run: func(db *store.DB) error {
			r.ran = append(r.ran, v)
			if r.fail == v {
				r.fail = 0
				return errMigration
			}
			return nil
		}})
	}
	return ms
}

func schemaVersion(t *testing.T, db *store.DB) int {
	t.Helper()
	v, err := db.SchemaVersion()
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	return v
}

func migrate(t *testing.T, db *store.DB, ms []store.Migration, before func(from, to int) error) {
	t.Helper()
	if err := store.Migrate(db, ms, before, discardLog()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
}

func TestMigrate(t *testing.T) {
	tests := []struct {
		name       string
		stamped    int  // schema version recorded first; 0 for none
		hasData    bool // whether records exist
		latest     int
		wantRan    []int
		wantBefore [][2]int
		wantSchema int
	}{
		{"empty database is stamped newest", 0, false, 3, nil, nil, 3},
		{"empty database, no migrations", 0, false, 1, nil, nil, 1},
		{"data without version is schema 1", 0, true, 3, []int{2, 3}, [][2]int{{1, 3}}, 3},
		{"data without version, no migrations", 0, true, 1, nil, nil, 1},
		{"pending steps only", 2, true, 4, []int{3, 4}, [][2]int{{2, 4}}, 4},
		{"up to date", 3, true, 3, nil, nil, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			if tc.stamped > 0 {
				migrate(t, db, (&recorder{}).migrations(tc.stamped), nil)
			}
			if tc.hasData {
				putAll(t, db, map[string]string{"widget/1": `{"role":"a"}`})
			}
			r := &recorder{}

			migrate(t, db, r.migrations(tc.latest), r.hook)

			if !slices.Equal(r.ran, tc.wantRan) {
				t.Errorf("migrations run = %v, want %v", r.ran, tc.wantRan)
			}
			if !slices.Equal(r.before, tc.wantBefore) {
				t.Errorf("before calls = %v, want %v", r.before, tc.wantBefore)
			}
			if got := schemaVersion(t, db); got != tc.wantSchema {
				t.Errorf("schema version = %d, want %d", got, tc.wantSchema)
			}
		})
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	db := newDB(t)
	migrate(t, db, (&recorder{}).migrations(5), nil)
	putAll(t, db, map[string]string{"widget/1": `{"roles":["a"]}`})
	before := dump(t, db)
	r := &recorder{}

	err := store.Migrate(db, r.migrations(3), r.hook, discardLog())

	if !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("Migrate error = %v, want ErrNewerSchema", err)
	}
	if len(r.ran) > 0 || len(r.before) > 0 {
		t.Errorf("ran %v with before calls %v, want nothing run", r.ran, r.before)
	}
	assertSame(t, db, before)
}

func TestMigrateStopsWhenBeforeFails(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"widget/1": `{"role":"a"}`})
	before := dump(t, db)
	r := &recorder{}
	errBackup := errors.New("backup failed")
	calls := 0

	err := store.Migrate(db, r.migrations(3), func(from, to int) error {
		calls++
		return errBackup
	}, discardLog())

	if !errors.Is(err, errBackup) {
		t.Fatalf("Migrate error = %v, want %v", err, errBackup)
	}
	if calls != 1 {
		t.Errorf("before called %d times, want 1", calls)
	}
	if len(r.ran) > 0 {
		t.Errorf("migrations run = %v, want none", r.ran)
	}
	assertSame(t, db, before)
}

func TestMigrateResumesAtFailedStep(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"widget/1": `{"role":"a"}`})
	r := &recorder{fail: 3}

	err := store.Migrate(db, r.migrations(4), r.hook, discardLog())

	if !errors.Is(err, errMigration) {
		t.Fatalf("first Migrate error = %v, want %v", err, errMigration)
	}
	if got := schemaVersion(t, db); got != 2 {
		t.Errorf("schema version after failure = %d, want 2 (the last completed step)", got)
	}
	if want := []int{2, 3}; !slices.Equal(r.ran, want) {
		t.Errorf("migrations run before failure = %v, want %v", r.ran, want)
	}

	r.ran = nil
	migrate(t, db, r.migrations(4), r.hook)

	if want := []int{3, 4}; !slices.Equal(r.ran, want) {
		t.Errorf("migrations run on resume = %v, want %v", r.ran, want)
	}
	if want := [][2]int{{1, 4}, {2, 4}}; !slices.Equal(r.before, want) {
		t.Errorf("before calls = %v, want %v", r.before, want)
	}
	if got := schemaVersion(t, db); got != 4 {
		t.Errorf("schema version after resume = %d, want 4", got)
	}
}
