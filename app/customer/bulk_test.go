package customer

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// recorder is what the service and a batch both offer.
type recorder interface {
	Create(p *access.Principal, in Input) (Customer, error)
	AddContact(p *access.Principal, customerID string, in ContactInput) (Contact, error)
	AddFollowUp(p *access.Principal, in FollowUpInput) (FollowUp, error)
	ChangeStatus(p *access.Principal, id, status, reason string) (Customer, error)
}

// bulkStory writes a customer's first weeks, with a refused write in the
// middle, two kinds of conflict and a pool customer touched by a rep.
func bulkStory(f *fixture, rec recorder) error {
	steps := []struct {
		advance time.Duration
		do      func() error
	}{}
	var c, pool Customer
	var contacts []Contact
	add := func(d time.Duration, do func() error) {
		steps = append(steps, struct {
			advance time.Duration
			do      func() error
		}{d, do})
	}
	add(0, func() (err error) {
		in := f.input("杭州", "杭州西湖科技有限公司")
		in.CreditCode, in.Phone = creditCode(3), "0571-88886666"
		c, err = rec.Create(f.as["repA"], in)
		return err
	})
	for _, name := range []string{"陈总", "李工"} {
		add(5*time.Minute, func() error {
			ct, err := rec.AddContact(f.as["repA"], c.ID, ContactInput{Name: name, Mobile: "13812345678"})
			contacts = append(contacts, ct)
			return err
		})
	}
	add(24*time.Hour, func() error {
		_, err := rec.AddFollowUp(f.as["repA"], FollowUpInput{CustomerID: c.ID, ContactID: contacts[0].ID,
			Kind: "visit", Notes: "客户希望账期 90 天", Tags: []string{"价格异议"}, NextStep: "报价",
			NextDue: ptrTo(fixtureT0.Add(72 * time.Hour))})
		return err
	})
	add(time.Hour, func() error { _, err := rec.ChangeStatus(f.as["repA"], c.ID, StatusFollowing, "有需求"); return err })
	add(time.Hour, func() error {
		_, err := rec.AddFollowUp(f.as["repA"], FollowUpInput{CustomerID: c.ID, Kind: "call", Tags: []string{"没有这个标签"}})
		if pe, ok := problem.As(err); ok && pe.Kind == problem.KindValidation {
			return nil // refused, and the story goes on
		}
		if err == nil {
			return errors.New("a follow-up with an unknown tag was accepted")
		}
		return fmt.Errorf("a follow-up with an unknown tag: %w, want a validation error", err)
	})
	add(48*time.Hour, func() error {
		_, err := rec.AddFollowUp(f.as["manager"], FollowUpInput{CustomerID: c.ID, Kind: "call",
			Notes: "竞品报价低了一成"})
		return err
	})
	add(time.Hour, func() error { _, err := rec.ChangeStatus(f.as["repA"], c.ID, StatusQuoted, "已报价"); return err })
	add(24*time.Hour, func() error {
		_, err := rec.ChangeStatus(f.as["manager"], c.ID, StatusUnclear, "需求未定")
		return err
	})
	add(time.Hour, func() (err error) {
		pool, err = rec.Create(f.as["manager"], f.input("杭州", "杭州滨江物联网有限公司"))
		return err
	})
	add(time.Hour, func() error {
		_, err := rec.AddFollowUp(f.as["repA"], FollowUpInput{CustomerID: pool.ID, Kind: "call", Notes: "公海回访"})
		return err
	})
	for _, st := range steps {
		f.clk.Advance(st.advance)
		if err := st.do(); err != nil {
			return err
		}
	}
	return nil
}

func TestBatchWritesWhatTheServiceWrites(t *testing.T) {
	one, batched := newFixture(t), newFixture(t)
	if err := bulkStory(one, one.svc); err != nil {
		t.Fatalf("through the service: %v", err)
	}
	err := batched.svc.Batch(func(b *Batch) error { return bulkStory(batched, b) })
	if err != nil {
		t.Fatalf("through a batch: %v", err)
	}
	got, want := keyShapes(t, batched.db), keyShapes(t, one.db)
	all := maps.Clone(want)
	maps.Copy(all, got)
	for _, k := range slices.Sorted(maps.Keys(all)) {
		if got[k] != want[k] {
			t.Errorf("%s: %d keys through a batch, %d through the service", k, got[k], want[k])
		}
	}
	a, b := listed(t, one), listed(t, batched)
	if a != b {
		t.Errorf("customers through a batch:\n%s\nthrough the service:\n%s", b, a)
	}
}

var (
	ulidRe   = regexp.MustCompile(`[0-9A-HJKMNP-TV-Z]{26}`)
	byTimeRe = regexp.MustCompile(`[0-9]{20}_`)
)

// keyShapes counts the database's keys with ids and times blanked out.
func keyShapes(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	shapes := map[string]int{}
	err := db.View(func(tx *store.Tx) error {
		return tx.Scan("", store.ScanOptions{KeysOnly: true}, func(key string, _ []byte) (bool, error) {
			shapes[byTimeRe.ReplaceAllString(ulidRe.ReplaceAllString(key, "<id>"), "<t>_")]++
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return shapes
}

// listed describes the customers as the director sees them, without ids.
func listed(t *testing.T, f *fixture) string {
	t.Helper()
	items, _, err := f.svc.List(f.as["director"], Filter{}, store.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for _, c := range items {
		out += fmt.Sprintf("%s %s pool=%v flagged=%v last=%v updated=%v\n", c.Name, c.Status, c.InPool(),
			c.Flagged, c.LastFollowUpAt, c.UpdatedAt)
	}
	return out
}

func TestBatchDiscardsEverythingOnError(t *testing.T) {
	f := newFixture(t)
	before := keyShapes(t, f.db)
	err := f.svc.Batch(func(b *Batch) error {
		c, err := b.Create(f.as["repA"], f.input("杭州", "杭州西湖科技有限公司"))
		if err != nil {
			return err
		}
		if _, err := b.AddFollowUp(f.as["repA"], FollowUpInput{CustomerID: c.ID, Kind: "call"}); err != nil {
			return err
		}
		return fmt.Errorf("stop")
	})
	if err == nil || err.Error() != "stop" {
		t.Fatalf("Batch = %v, want fn's error", err)
	}
	if after := keyShapes(t, f.db); !maps.Equal(after, before) {
		t.Errorf("keys after a failed batch: %v, want as before: %v", after, before)
	}
}
