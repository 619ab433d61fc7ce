package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
)

// bulkReason is the override reason of customers written in bulk.
const bulkReason = "批量生成的演示数据：名称或电话相近属正常"

// writer writes customers through the service, with a clock it sets to
// the time of each record.
type writer struct {
	svc  *customer.Service
	clk  *clock.Fake
	cast cast
	o    Options
}

func newWriter(cust *customer.Service, cs cast, o Options) *writer {
	clk := clock.NewFake(o.Now)
	return &writer{svc: cust.WithClock(clk), clk: clk, cast: cs, o: o}
}

// activityRand is customer i's source for its history, apart from the
// one its company is drawn from, so retries there change nothing here.
func activityRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x9e3779b97f4a7c15, uint64(i)))
}

// recorder is what the service and a batch of it both offer.
type recorder interface {
	Create(p *access.Principal, in customer.Input) (customer.Customer, error)
	AddContact(p *access.Principal, customerID string, in customer.ContactInput) (customer.Contact, error)
	AddFollowUp(p *access.Principal, in customer.FollowUpInput) (customer.FollowUp, error)
	ChangeStatus(p *access.Principal, id, status, reason string) (customer.Customer, error)
}

// story is one customer's history, drawn and ready to write.
type story struct {
	job
	r       *rand.Rand
	crew    *crew
	created time.Time
	steps   []step
}

func (w *writer) draw(j job) *story {
	st := &story{job: j, r: activityRand(w.o.Seed, j.index), crew: w.cast[j.city.region]}
	st.created = createdAt(st.r, w.o.Now)
	st.steps = plan(st.r, &st.company, st.crew, j.followUps, st.created, w.o.Now)
	return st
}

// write writes a group of customers, their contacts and their stories:
// record by record, or in bulk mode in one batch. It returns what each
// customer added, once written.
func (w *writer) write(group []job) ([]Counts, error) {
	stories := make([]*story, len(group))
	for i, j := range group {
		stories[i] = w.draw(j)
	}
	var out []Counts
	tellAll := func(rec recorder) error {
		out = out[:0] // a batch may run more than once
		for _, st := range stories {
			n, err := w.tell(rec, st)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	}
	if !w.o.Bulk {
		return out, tellAll(w.svc)
	}
	err := w.svc.Batch(func(b *customer.Batch) error { return tellAll(b) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// tell writes the customer, its contacts and then its steps.
func (w *writer) tell(rec recorder, st *story) (Counts, error) {
	w.clk.Set(st.created)
	c, err := w.create(rec, st.r, &st.company, st.crew)
	if err != nil {
		return Counts{}, fmt.Errorf("demo: customer %s: %w", st.name, err)
	}
	n := Counts{Customers: 1}
	if c.InPool() {
		n.Pool = 1
	}
	contactIDs, err := w.addContacts(rec, c, &st.company, st.crew, st.created)
	n.Contacts = len(contactIDs)
	if err != nil {
		return n, fmt.Errorf("demo: contacts of %s: %w", c.Name, err)
	}
	for _, s := range st.steps {
		if err := w.play(rec, c.ID, s, contactIDs, &n); err != nil {
			return n, fmt.Errorf("demo: %s: %w", c.Name, err)
		}
	}
	return n, nil
}

// play writes one step of a customer's story at its time.
func (w *writer) play(rec recorder, customerID string, s step, contactIDs []string, n *Counts) error {
	w.clk.Set(s.at)
	if s.fu == nil {
		if _, err := rec.ChangeStatus(s.by, customerID, s.status, s.reason); err != nil {
			return fmt.Errorf("status %s: %w", s.status, err)
		}
		n.StatusChanges++
		return nil
	}
	in := *s.fu
	in.CustomerID = customerID
	if s.contact >= 0 {
		in.ContactID = contactIDs[s.contact]
	}
	if _, err := rec.AddFollowUp(s.by, in); err != nil {
		return fmt.Errorf("follow-up: %w", err)
	}
	n.FollowUps++
	return nil
}

// create creates the customer; a taken credit code, or a duplicate
// warning outside bulk mode, makes it draw another code or name.
func (w *writer) create(rec recorder, r *rand.Rand, co *company, cr *crew) (customer.Customer, error) {
	by, owner := cr.ownerCreator, cr.owner.UserID
	if co.pool {
		by, owner = cr.poolCreator, ""
	}
	in := customer.Input{Name: co.name, CreditCode: co.code, Industry: co.industry, RegionID: cr.regionID,
		Address: co.address, Source: co.source, OwnerID: &owner, Level: co.level,
		ProductLines: co.products, Phone: co.phone}
	if w.o.Bulk {
		in.OverrideReason = bulkReason
	}
	for try := 0; ; try++ {
		c, err := rec.Create(by, in)
		pe, ok := problem.As(err)
		if err == nil || !ok || pe.Kind != problem.KindConflict || try == 20 {
			return c, err
		}
		if pe.Key == "customer.error.credit_code_taken" {
			in.CreditCode = creditCode(r, pick(r, co.city.districts))
			continue
		}
		in.Name, _ = companyName(r, co.city, co.industry)
		in.Phone = ""
		co.name = in.Name
	}
}

// addContacts adds the company's people, a few minutes apart, as the
// owner (or whoever created a pool customer).
func (w *writer) addContacts(rec recorder, c customer.Customer, co *company, cr *crew,
	created time.Time) ([]string, error) {
	by := cr.owner
	if co.pool {
		by = cr.poolCreator
	}
	var ids []string
	for i, p := range co.contacts {
		w.clk.Set(created.Add(time.Duration(i+1) * 3 * time.Minute))
		ct, err := rec.AddContact(by, c.ID, customer.ContactInput{Name: p.name, Title: p.title,
			Mobile: p.mobile, WeChat: p.wechat, DecisionRole: p.role})
		if err != nil {
			return ids, err
		}
		ids = append(ids, ct.ID)
	}
	return ids, nil
}
