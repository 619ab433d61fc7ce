package filestore

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestPutHasOpen(t *testing.T) {
	s := New(filepath.Join(t.TempDir(), "files"))
	sum, err := s.Put([]byte("photo bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum) != 64 || !s.Has(sum) {
		t.Fatalf("Put = %q, Has = %v", sum, s.Has(sum))
	}
	again, err := s.Put([]byte("photo bytes"))
	if err != nil || again != sum {
		t.Errorf("second Put = %q, %v; want the same digest", again, err)
	}
	f, err := s.Open(sum)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if string(got) != "photo bytes" {
		t.Errorf("read %q", got)
	}
	entries, _ := os.ReadDir(filepath.Join(s.dir, sum[:2]))
	if len(entries) != 1 {
		t.Errorf("%d files in the folder, want 1 (no leftover temporaries)", len(entries))
	}
}

func TestRejectsBadDigests(t *testing.T) {
	s := New(t.TempDir())
	for _, sum := range []string{"", "../etc/passwd", "ABCDEF", "zz" + string(make([]byte, 62))} {
		if s.Has(sum) {
			t.Errorf("Has(%q) = true", sum)
		}
		if _, err := s.Open(sum); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", sum, err)
		}
	}
}
