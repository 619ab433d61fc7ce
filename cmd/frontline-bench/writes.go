package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// writeCase is one concurrency level of the write benchmark.
type writeCase struct {
	Writers int
	Service result
	Raw     result
	// RawAll is the diagnostic: the service's whole write set, raw.
	RawAll result
}

// Ratio is service throughput over raw throughput.
func (w writeCase) Ratio() float64 { return w.Service.PerSecond() / w.Raw.PerSecond() }

// writeBench is the databases under test, each in its own directory: the
// store behind the org service, raw Badger for the record alone, and raw
// Badger for the service's whole write set.
type writeBench struct {
	db   *store.DB
	orgs *org.Service
	raw  *badger.DB
	all  *badger.DB
	// seq makes every region name unique across cases and warm-ups.
	seq atomic.Int64
}

// runWrites measures durable creates at each writer count.
func runWrites(o *options, work string) ([]writeCase, error) {
	wb, err := openWriteBench(work)
	if err != nil {
		return nil, err
	}
	defer wb.close()
	stopProfile, err := startProfile(o.cpuProfile)
	if err != nil {
		return nil, err
	}
	defer stopProfile()

	var cases []writeCase
	for _, n := range o.writers {
		c, err := wb.runCase(n, o)
		if err != nil {
			return nil, err
		}
		printWriteCase(c)
		cases = append(cases, c)
	}
	return cases, nil
}

func openWriteBench(work string) (*writeBench, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := store.Open(filepath.Join(work, "service-db"), store.DefaultOptions(), log)
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	wb := &writeBench{db: db, orgs: org.NewService(db, clock.Real{}, quiet)}
	if wb.raw, err = openRawBadger(filepath.Join(work, "raw-db")); err != nil {
		wb.close()
		return nil, err
	}
	if wb.all, err = openRawBadger(filepath.Join(work, "raw-all-db")); err != nil {
		wb.close()
		return nil, err
	}
	return wb, nil
}

func (wb *writeBench) close() {
	if err := wb.db.Close(); err != nil {
		logStderr("close service db: %v", err)
	}
	for _, raw := range []*badger.DB{wb.raw, wb.all} {
		if raw == nil {
			continue
		}
		if err := raw.Close(); err != nil {
			logStderr("close raw db: %v", err)
		}
	}
}

// runCase measures each side at one writer count, taking turns: the
// service, the raw record, the raw write set.
func (wb *writeBench) runCase(writers int, o *options) (writeCase, error) {
	res := takeTurns(writers, o.writeWarm, o.writeOps, o.writeRounds,
		wb.serviceOp, wb.rawOp, wb.rawAllOp)
	c := writeCase{Writers: writers, Service: res[0], Raw: res[1], RawAll: res[2]}
	return c, c.check()
}

func (c writeCase) check() error {
	for _, r := range []result{c.Service, c.Raw, c.RawAll} {
		if r.Errors > 0 {
			return fmt.Errorf("writes at %d writers: %d errors, first: %w", c.Writers, r.Errors, r.FirstErr)
		}
	}
	return nil
}

func (wb *writeBench) serviceOp(int) error {
	in := org.RegionInput{Name: wb.nextName()}
	_, err := wb.orgs.CreateRegion(access.SystemPrincipal, in)
	return err
}

func (wb *writeBench) rawOp(int) error { return rawCreate(wb.raw, wb.nextName()) }

func (wb *writeBench) rawAllOp(int) error { return rawCreateAll(wb.all, wb.nextName()) }

func (wb *writeBench) nextName() string { return fmt.Sprintf("bench-%07d", wb.seq.Add(1)) }

func printWriteCase(c writeCase) {
	fmt.Fprintf(os.Stderr, "writes  %3d writers: service %5.0f/s p99 %s ms | raw %5.0f/s p99 %s ms | "+
		"raw write set %5.0f/s | ratio %.2f | CPU/op %s/%s/%s us\n",
		c.Writers, c.Service.PerSecond(), ms(c.Service.Latency.P99),
		c.Raw.PerSecond(), ms(c.Raw.Latency.P99), c.RawAll.PerSecond(), c.Ratio(),
		us(c.Service.CPU), us(c.Raw.CPU), us(c.RawAll.CPU))
}
