package store_test

import (
	"testing"
)

func TestRunValueLogGCSkipsWhilePaused(t *testing.T) {
	db := newDB(t)
	putAll(t, db, map[string]string{"file/1": string(make([]byte, 64<<10))})

	resume := db.PauseGC()
	_, skipped, err := db.RunValueLogGC()
	if err != nil || !skipped {
		t.Errorf("RunValueLogGC while paused = skipped %v, %v; want true, nil", skipped, err)
	}

	resume()
	_, skipped, err = db.RunValueLogGC()
	if err != nil || skipped {
		t.Errorf("RunValueLogGC after resume = skipped %v, %v; want false, nil", skipped, err)
	}

	resume = db.PauseGC()
	defer resume()
	if _, skipped, _ := db.RunValueLogGC(); !skipped {
		t.Errorf("RunValueLogGC when paused again: skipped = false, want true")
	}
}
