//go:build unix

package org_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

var crashRounds = flag.Int("crash.rounds", 3, "rounds of TestCrashKeepsAcknowledgedRegions")

const (
	// crashDirEnv carries the data directory to the writer process; its
	// presence is what makes TestCrashHelperProcess act as the writer.
	crashDirEnv   = "FRONTLINE_CRASH_DIR"
	crashRoundEnv = "FRONTLINE_CRASH_ROUND"
	// crashWriters is how many goroutines create regions at once.
	crashWriters = 16
	// crashMaxAcks bounds the random number of acknowledgements after
	// which the writer is killed.
	crashMaxAcks = 250
	// crashWatchdog kills a writer that stops making progress.
	crashWatchdog = time.Minute
)

// TestCrashHelperProcess is the writer process of the crash test, not a test
// of its own: without crashDirEnv it returns at once. With it, crashWriters
// goroutines create regions until the process is killed, printing one line
// "ack <id> <region JSON>" to stdout after each create has returned.
func TestCrashHelperProcess(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		return
	}
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(dir, store.DefaultOptions(), log)
	if err != nil {
		t.Fatalf("writer: %v", err)
	}
	svc := org.NewService(db, clock.Real{}, log)
	round := os.Getenv(crashRoundEnv)
	var stdout sync.Mutex
	errs := make(chan error, crashWriters)
	for w := range crashWriters {
		go func() {
			errs <- writeRegions(svc, &stdout, fmt.Sprintf("crash %s-%02d", round, w))
		}()
	}
	select {
	case err := <-errs:
		t.Fatalf("writer: %v", err)
	case <-time.After(crashWatchdog):
		t.Fatalf("writer: not killed after %v", crashWatchdog)
	}
}

// writeRegions creates regions named "<name>-<n>" one after another and
// acknowledges each on stdout; it returns only on an error.
func writeRegions(svc *org.Service, stdout *sync.Mutex, name string) error {
	for n := 0; ; n++ {
		r, err := svc.CreateRegion(access.SystemPrincipal, org.RegionInput{Name: fmt.Sprintf("%s-%05d", name, n)})
		if err != nil {
			return err
		}
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		stdout.Lock()
		_, err = os.Stdout.WriteString("ack " + r.ID + " " + string(raw) + "\n")
		stdout.Unlock()
		if err != nil {
			return err
		}
	}
}

// TestCrashKeepsAcknowledgedRegions kills a writer process with SIGKILL at
// a random point while 16 goroutines create regions, reopens its data
// directory and checks that every region the writer acknowledged is there,
// byte for byte, with its index entry, name claim and event. Rounds share
// one directory, so each writer also starts on a database recovered from
// the previous crash. More rounds: -crash.rounds=N.
func TestCrashKeepsAcknowledgedRegions(t *testing.T) {
	dir := t.TempDir()
	acked := map[string][]byte{}
	for round := range *crashRounds {
		killAfter := 1 + rand.IntN(crashMaxAcks)

		got := runCrashWriter(t, dir, round, killAfter)

		t.Logf("round %d: killed after %d acks, %d acks read in all", round, killAfter, len(got))
		for id, rec := range got {
			acked[id] = rec
		}
		checkAfterCrash(t, dir, acked, got)
		if t.Failed() {
			t.Fatalf("round %d failed (killed after %d acks)", round, killAfter)
		}
	}
}

// runCrashWriter starts a writer process on dir, reads its acknowledgements
// as they arrive, kills it with SIGKILL after killAfter of them, and returns
// every acknowledgement it printed as a complete line, by region id.
func runCrashWriter(t *testing.T, dir string, round, killAfter int) map[string][]byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashRoundEnv+"="+strconv.Itoa(round))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stdout pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start writer: %v", err)
	}
	var stalled atomic.Bool
	watchdog := time.AfterFunc(crashWatchdog, func() {
		stalled.Store(true)
		cmd.Process.Kill()
	})
	defer watchdog.Stop()

	acks, other := readAcks(t, stdout, killAfter, func() {
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Errorf("kill writer: %v", err)
		}
	})

	waitErr := cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	switch {
	case stalled.Load():
		t.Fatalf("writer made no progress for %v; stdout: %q; stderr:\n%s", crashWatchdog, other, &stderr)
	case !ws.Signaled() || ws.Signal() != syscall.SIGKILL:
		t.Fatalf("writer ended with %v after %d acks, want killed by SIGKILL after %d; stdout: %q; stderr:\n%s",
			waitErr, len(acks), killAfter, other, &stderr)
	case strings.Contains(stderr.String(), "DATA RACE"):
		t.Fatalf("writer reported a data race:\n%s", &stderr)
	}
	return acks
}

// readAcks reads lines until the pipe closes, calling kill once killAfter
// acknowledgements have arrived. A last line cut off by the kill has no
// newline and is dropped: only complete lines are acknowledgements. Lines
// that are not acknowledgements are returned for diagnosis.
func readAcks(t *testing.T, r io.Reader, killAfter int, kill func()) (acks map[string][]byte, other []string) {
	t.Helper()
	acks = map[string][]byte{}
	br := bufio.NewReader(r)
	killed := false
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return acks, other
		}
		id, rec, ok := parseAck(line)
		if !ok {
			other = append(other, string(line))
			continue
		}
		if _, dup := acks[id]; dup {
			t.Errorf("region %s acknowledged twice", id)
		}
		acks[id] = rec
		if !killed && len(acks) >= killAfter {
			kill()
			killed = true
		}
	}
}

func TestReadAcksCountsOnlyCompleteLines(t *testing.T) {
	a := `{"id":"A","name":"a"}`
	b := `{"id":"B","name":"b"}`
	tests := []struct {
		name      string
		stream    string
		killAfter int
		wantIDs   []string
		wantKills int
	}{
		{"complete lines", "ack A " + a + "\nack B " + b + "\n", 1, []string{"A", "B"}, 1},
		{"cut-off last line", "ack A " + a + "\nack B " + b, 1, []string{"A"}, 1},
		{"cut-off JSON with newline missing", "ack A " + a + "\nack B {\"id\":\"B\",", 5, []string{"A"}, 0},
		{"noise between acks", "=== RUN x\nack A " + a + "\nack B {broken\n", 5, []string{"A"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kills := 0

			acks, _ := readAcks(t, strings.NewReader(tc.stream), tc.killAfter, func() { kills++ })

			var ids []string
			for id := range acks {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tc.wantIDs) {
				t.Errorf("acknowledged ids = %q, want %q", ids, tc.wantIDs)
			}
			if kills != tc.wantKills {
				t.Errorf("kill called %d times, want %d", kills, tc.wantKills)
			}
		})
	}
}

// parseAck splits "ack <id> <json>\n".
func parseAck(line []byte) (id string, rec []byte, ok bool) {
	rest, ok := bytes.CutPrefix(bytes.TrimSuffix(line, []byte("\n")), []byte("ack "))
	if !ok {
		return "", nil, false
	}
	rawID, rec, ok := bytes.Cut(rest, []byte(" "))
	return string(rawID), rec, ok && json.Valid(rec)
}

// checkAfterCrash reopens dir as the server would after the crash and
// checks every region acknowledged so far, and that the regions, their
// parent index and their events agree.
func checkAfterCrash(t *testing.T, dir string, acked, latest map[string][]byte) {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(dir, store.DefaultOptions(), log)
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer db.Close()
	svc := org.NewService(db, clock.Real{}, log)

	for id, want := range acked {
		r, err := svc.GetRegion(access.SystemPrincipal, id)
		if err != nil {
			t.Errorf("acknowledged region %s: %v; want %s", id, err, want)
			continue
		}
		got, err := json.Marshal(r)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("region %s after crash = %s, %v; want %s", id, got, err, want)
		}
	}
	checkRegionsConsistent(t, db)
	checkNamesClaimed(t, svc, latest)
}

// checkRegionsConsistent checks that every stored region has its parent
// index entry and exactly one creation event, and that the index holds
// nothing else: a crash never splits a transaction.
func checkRegionsConsistent(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.View(func(tx *store.Tx) error {
		all, err := org.AllRegions(tx)
		if err != nil {
			return err
		}
		indexed, err := tx.IndexIDs("region", "parent", "")
		if err != nil {
			return err
		}
		stored := make([]string, 0, len(all))
		for id := range all {
			stored = append(stored, id)
		}
		slices.Sort(stored)
		if !slices.Equal(indexed, stored) {
			t.Errorf("top-level index holds %d ids, regions stored %d; want the same ids", len(indexed), len(stored))
		}
		for id := range all {
			events, err := tx.SubjectEvents("region/" + id)
			if err != nil {
				return err
			}
			if len(events) != 1 || events[0].Kind != "region.create" {
				t.Errorf("events of region %s = %+v, want one region.create", id, events)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read regions after crash: %v", err)
	}
}

// checkNamesClaimed checks that the name of each region acknowledged in the
// last round is still taken, i.e. its unique claim survived with it.
func checkNamesClaimed(t *testing.T, svc *org.Service, latest map[string][]byte) {
	t.Helper()
	for id, raw := range latest {
		var r org.Region
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("decode ack of %s: %v", id, err)
		}
		_, err := svc.CreateRegion(access.SystemPrincipal, org.RegionInput{Name: r.Name})
		if !errors.Is(err, problem.ErrValidation) {
			t.Errorf("creating a second region named %q: error = %v, want a validation error", r.Name, err)
		}
	}
}
