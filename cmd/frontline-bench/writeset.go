package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// rawCreateAll writes, in one raw Update and without any read or check,
// the five keys org.Service.CreateRegion writes for a top-level region:
// the sibling-name claim, the parent index, the record, the audit event
// and its by-subject index. It separates what the service layer costs
// from what the larger write set costs. The key layout is copied from
// app/store (uniq/, idx/, event/, evsubj/) and app/org; it is a diagnostic
// and must follow them if they change.
func rawCreateAll(db *badger.DB, name string) error {
	kv, err := regionWriteSet(name, time.Now().UTC())
	if err != nil {
		return err
	}
	return db.Update(func(txn *badger.Txn) error {
		for _, e := range kv {
			if err := txn.Set([]byte(e.key), e.val); err != nil {
				return err
			}
		}
		return nil
	})
}

type keyValue struct {
	key string
	val []byte
}

func regionWriteSet(name string, now time.Time) ([]keyValue, error) {
	r := org.Region{ID: store.NewID(now), Name: name, CreatedAt: now, UpdatedAt: now}
	subject := "region/" + r.ID
	ev := store.Event{ID: store.NewID(now), Kind: "region.create", At: now, Subject: subject,
		Data: map[string]any{"name": r.Name, "parent_id": r.ParentID}}
	rec, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	evJSON, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	sibling := url.PathEscape("|" + strings.ToLower(name))
	return []keyValue{
		{store.Key("uniq", "region", "name", sibling), []byte(r.ID)},
		{store.IndexPrefix("region", "parent", "") + r.ID, nil},
		{subject, rec},
		{"event/" + ev.ID, evJSON},
		{store.Key("evsubj", subject, ev.ID), nil},
	}, nil
}

// writeSetSizes returns the bytes (keys plus values) one create writes:
// the record alone, and the service's whole write set.
func writeSetSizes() (record, all int) {
	kv, err := regionWriteSet("bench-0000001", time.Now().UTC())
	if err != nil {
		return 0, 0
	}
	for _, e := range kv {
		all += len(e.key) + len(e.val)
	}
	return len(kv[2].key) + len(kv[2].val), all
}
