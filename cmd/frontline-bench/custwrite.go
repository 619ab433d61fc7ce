package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/store"
)

// createCase is durable follow-up creates at o.clients against raw Badger
// commits of the follow-up record, measured in the same turns.
type createCase struct {
	Side result // over HTTP, or through customer.Service
	Raw  result
}

// Ratio is the side's throughput over raw throughput.
func (c createCase) Ratio() float64 { return c.Side.PerSecond() / c.Raw.PerSecond() }

func (c createCase) check(name string) error {
	for _, r := range []result{c.Side, c.Raw} {
		if r.Errors > 0 {
			return fmt.Errorf("%s: %d errors, first: %w", name, r.Errors, r.FirstErr)
		}
	}
	return nil
}

// benchNote is a follow-up as a rep would type it after a call.
const benchNote = "电话沟通了下季度的采购计划，客户关注价格和交付周期，下周安排技术交流并发送报价。"

func followUpInput(customerID string) customer.FollowUpInput {
	return customer.FollowUpInput{CustomerID: customerID, Kind: "call", DurationMin: 15,
		Notes: benchNote, NextStep: "发送报价"}
}

// rawFollowUp commits what the service stores for a follow-up under
// followup/<id> (its JSON, the hand tags aside), alone, in one Update.
func rawFollowUp(db *badger.DB, authorID, customerID string) error {
	now := time.Now().UTC()
	in := followUpInput(customerID)
	f := customer.FollowUp{ID: store.NewID(now), CustomerID: customerID, Kind: in.Kind,
		OccurredAt: now, DurationMin: in.DurationMin, Notes: in.Notes, NextStep: in.NextStep,
		AuthorID: authorID, CreatedAt: now, UpdatedAt: now}
	val, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte("followup/"+f.ID), val)
	})
}

// postFollowUp sends POST /api/v1/followups as rep; anything but 201 is
// an error.
func postFollowUp(client *http.Client, base string, rep *actor, customerID string) error {
	body, err := json.Marshal(followUpInput(customerID))
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/followups", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header = bearerOf(rep)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	got, _ := io.ReadAll(resp.Body)
	if err := resp.Body.Close(); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST /api/v1/followups: status %d: %.200s", resp.StatusCode, got)
	}
	return nil
}

// pickRep is a random rep and a random customer of theirs.
func pickRep(reps []*actor) (*actor, string) {
	rep := reps[rand.IntN(len(reps))]
	return rep, rep.customers[rand.IntN(len(rep.customers))]
}

// runHTTPCreate posts follow-ups as the owning reps against raw commits
// into a fresh Badger with the store's options.
func runHTTPCreate(o *options, base string, d *customerData, work string) (createCase, error) {
	raw, err := openRawBadger(filepath.Join(work, "followup-raw-http"))
	if err != nil {
		return createCase{}, err
	}
	defer closeRaw(raw)
	client := newClient(o.clients)
	res := takeTurns(o.clients, o.writeWarm, o.writeOps, o.writeRounds,
		func(int) error {
			rep, id := pickRep(d.reps)
			return postFollowUp(client, base, rep, id)
		},
		func(int) error {
			rep, id := pickRep(d.reps)
			return rawFollowUp(raw, rep.userID, id)
		})
	c := createCase{Side: res[0], Raw: res[1]}
	printCreate("HTTP   ", c)
	return c, c.check("follow-up create over HTTP")
}

func closeRaw(db *badger.DB) {
	if err := db.Close(); err != nil {
		logStderr("close raw db: %v", err)
	}
}

func printCreate(name string, c createCase) {
	logPhase("create %s %5.0f/s p99 %s ms | raw %5.0f/s p99 %s ms | ratio %.2f", name,
		c.Side.PerSecond(), ms(c.Side.Latency.P99), c.Raw.PerSecond(), ms(c.Raw.Latency.P99), c.Ratio())
}

func randIntN(n int) int { return rand.IntN(n) }
