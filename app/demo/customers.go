package demo

import (
	"fmt"
	"sync"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
)

// Options say how much customer activity Generate writes.
type Options struct {
	// Seed chooses the data: the same seed gives the same companies,
	// codes, contacts and notes (ids, and times relative to Now, differ).
	Seed      int64
	Customers int
	FollowUps int
	// Now is the real time; every record is dated before it.
	Now time.Time
	// Workers write customers in parallel; each customer's records are
	// written by one worker, in time order. 0 means 1. With more than one,
	// a rare name clash may be resolved differently from run to run.
	Workers int
	// Bulk is for benchmark volumes: a few customers with their whole
	// history go into one transaction (customer.Service.Batch) instead of
	// one transaction per record, and duplicate warnings (a similar name
	// or a shared phone in the region) are accepted with a reason, as an
	// import would, instead of drawing another name; that skips the
	// similarity scan, whose cost grows with a region's customers.
	Bulk bool
	// Progress, when set, is called after each customer with the totals
	// so far; calls do not overlap.
	Progress func(Counts)
}

// Counts are what Generate has written.
type Counts struct {
	Customers     int
	Pool          int // of Customers, left without an owner
	Contacts      int
	FollowUps     int
	StatusChanges int
}

func (c *Counts) add(o Counts) {
	c.Customers += o.Customers
	c.Pool += o.Pool
	c.Contacts += o.Contacts
	c.FollowUps += o.FollowUps
	c.StatusChanges += o.StatusChanges
}

// SeedCustomers writes nCustomers believable customers of the demo
// organisation (which must exist) with nFollowUps follow-ups among them
// over the months before now, through cust with the right person acting each
// time: contacts, follow-ups with tags and next steps (some overdue),
// status statements that sometimes contradict each other, and customers
// left in their region's pool. The same seed gives the same data.
func SeedCustomers(cust *customer.Service, orgs *org.Service, seed int64, nCustomers, nFollowUps int,
	now time.Time) error {
	o := Options{Seed: seed, Customers: nCustomers, FollowUps: nFollowUps, Now: now}
	_, err := Generate(cust, orgs, o)
	return err
}

// job is one customer for a worker to write.
type job struct {
	company
	index     int
	followUps int
}

// Generate writes the customers and activity o asks for; see
// SeedCustomers. Each record goes through cust's rules, dated by its
// own clock (customer.Service.WithClock). On an error it stops and
// returns what was written so far; nothing is undone.
func Generate(cust *customer.Service, orgs *org.Service, o Options) (Counts, error) {
	cs, err := loadCast(orgs)
	if err != nil {
		return Counts{}, err
	}
	jobs := make(chan []job, 16)
	stop := make(chan struct{})
	var (
		mu       sync.Mutex
		total    Counts
		firstErr error
		wg       sync.WaitGroup
	)
	done := func(written []Counts, err error) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range written {
			total.add(n)
			if o.Progress != nil {
				o.Progress(total)
			}
		}
		if err != nil && firstErr == nil {
			firstErr = err
			close(stop)
		}
	}
	for range max(1, o.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWriter(cust, cs, o)
			for group := range jobs {
				done(w.write(group))
			}
		}()
	}
	produce(o, jobs, stop)
	close(jobs)
	wg.Wait()
	return total, firstErr
}

// bulkGroup is how many customers one batch writes in bulk mode, about
// 80 records: far inside a transaction's limits, and small enough that
// the scans inside the batch stay cheap (Badger sorts a transaction's
// pending writes for every scan). Measured on 2 cores: 4 beat 1 and 8.
const bulkGroup = 4

// produce draws the companies in order and hands them to the workers in
// groups, keeping names unique within each region.
func produce(o Options, jobs chan<- []job, stop <-chan struct{}) {
	size := 1
	if o.Bulk {
		size = bulkGroup
	}
	counts := followUpCounts(o)
	taken := map[string]bool{}
	var group []job
	for i := range o.Customers {
		r := companyRand(o.Seed, i)
		c := profile(r)
		describe(r, &c)
		for try := 0; taken[c.city.region+"|"+c.key] && try < 50; try++ {
			c.name, c.key = companyName(r, c.city, c.industry)
		}
		taken[c.city.region+"|"+c.key] = true
		group = append(group, job{company: c, index: i, followUps: counts[i]})
		if len(group) < size && i < o.Customers-1 {
			continue
		}
		select {
		case jobs <- group:
			group = nil
		case <-stop:
			return
		}
	}
}

// followUpCounts shares o.FollowUps among the customers by their weight:
// A-level customers get more touches, pool customers few.
func followUpCounts(o Options) []int {
	weights := make([]float64, o.Customers)
	sum := 0.0
	for i := range weights {
		weights[i] = profile(companyRand(o.Seed, i)).weight
		sum += weights[i]
	}
	counts := make([]int, o.Customers)
	given := 0
	for i, w := range weights {
		counts[i] = int(float64(o.FollowUps) * w / sum)
		given += counts[i]
	}
	for i := 0; given < o.FollowUps && len(counts) > 0; i = (i + 1) % len(counts) {
		counts[i]++
		given++
	}
	return counts
}

// String is the progress line, e.g. "customers 1200/10000, follow-ups …".
func (c Counts) String() string {
	return fmt.Sprintf("customers %d (%d in the pool), contacts %d, follow-ups %d, status changes %d",
		c.Customers, c.Pool, c.Contacts, c.FollowUps, c.StatusChanges)
}
