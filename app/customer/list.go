package customer

import (
	"slices"
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/store"
)

// Filter narrows List. Empty fields do not filter.
type Filter struct {
	OwnerID  string
	RegionID string // this region and the regions below it
	Level    string
	Status   string
	Tag      string // customers with a follow-up carrying this tag
	Pool     bool   // only pool customers
	Flagged  bool   // only customers with an open status conflict
	Query    string // name prefix (or any part), case-insensitive
	// Archived lists archived customers instead (admins).
	Archived bool
}

// List pages through the customers the principal may see that match f.
// A rep without an owner or pool filter sees their own customers ("my
// customers"); the pool is asked for with Pool.
func (s *Service) List(p *access.Principal, f Filter, req store.PageRequest) ([]Customer, string, error) {
	if err := p.RequireAny(access.Rep, access.Manager, access.Director,
		access.Presales, access.Legal, access.Finance); err != nil {
		return nil, "", err
	}
	f = s.defaultFilter(p, f)
	regions, err := s.regionSet(f.RegionID)
	if err != nil {
		return nil, "", err
	}
	var items []Customer
	var next string
	err = s.db.View(func(tx *store.Tx) error {
		tagged, err := taggedSet(tx, f.Tag)
		if err != nil {
			return err
		}
		keep := func(c *Customer) bool {
			return canSee(p, *c) && f.match(c, regions) && (tagged == nil || tagged[c.ID]) &&
				(!c.Archived || p.IsAdmin())
		}
		var statuses []string
		if f.Status == "" && f.Level != "" {
			set, err := LoadSettings(tx)
			if err != nil {
				return err
			}
			for _, st := range set.Statuses {
				statuses = append(statuses, st.Key)
			}
		}
		items, next, err = listSource(tx, f, listRegions(p, f, regions), statuses, req, keep)
		return err
	})
	return items, next, err
}

func (s *Service) defaultFilter(p *access.Principal, f Filter) Filter {
	onlyRep := p.Has(access.Rep) && !p.Has(access.Manager) && !p.SeesAll()
	if onlyRep && f.OwnerID == "" && !f.Pool {
		f.OwnerID = p.UserID
	}
	return f
}

// listSource walks the narrowest index the filter allows: the owner index
// for an owner or the pool, the flagged index, the status-and-level
// indexes for a status or level filter, the region indexes of the regions
// in question (a region filter, or a manager's subtree), else every
// customer. statuses are every status key, needed only when the filter
// has a level but no status.
func listSource(tx *store.Tx, f Filter, regions, statuses []string, req store.PageRequest,
	keep func(*Customer) bool) ([]Customer, string, error) {
	owner := f.OwnerID
	if f.Pool {
		owner = "-"
	}
	resolve := func(id string) (string, bool) { return customerKey(id), true }
	if owner == "" && f.Flagged && !f.Archived {
		return store.ListIndex(tx, store.IndexPrefix("customer", "flagged", "1"), req, resolve, keep)
	}
	if owner == "" && !f.Archived && (f.Status != "" || f.Level != "") {
		return store.ListMerged(tx, "customer-filtered", filteredPrefixes(f, regions, statuses), req, resolve, keep)
	}
	if owner == "" && !f.Archived && regions != nil {
		prefixes := make([]string, len(regions))
		for i, r := range regions {
			prefixes[i] = store.IndexPrefix("customer", "region", r)
		}
		return store.ListMerged(tx, "customer-region", prefixes, req, resolve, keep)
	}
	if owner == "" || f.Archived {
		return store.List(tx, customerPrefix, req, keep)
	}
	return store.ListIndex(tx, store.IndexPrefix("customer", "owner", owner), req, resolve, keep)
}

// filteredPrefixes are the index prefixes holding every customer with
// f's status and level (either may be empty, meaning any) in regions, or
// in any region when regions is nil.
func filteredPrefixes(f Filter, regions, statuses []string) []string {
	if f.Status != "" {
		statuses = []string{f.Status}
	}
	levels := Levels
	if f.Level != "" {
		levels = []string{f.Level}
	}
	var out []string
	for _, st := range statuses {
		for _, lv := range levels {
			if regions == nil {
				out = append(out, store.IndexPrefix("customer", "sl", slValue(st, lv)))
				continue
			}
			for _, r := range regions {
				out = append(out, store.IndexPrefix("customer", "rsl", rslValue(r, st, lv)))
			}
		}
	}
	return out
}

// regionSet is a region and everything below it; nil means any region.
func (s *Service) regionSet(id string) (map[string]bool, error) {
	if id == "" {
		return nil, nil
	}
	return s.org.Subtree(id)
}

func (f Filter) match(c *Customer, regions map[string]bool) bool {
	if c.Archived != f.Archived {
		return false
	}
	if (f.Pool && !c.InPool()) || (f.OwnerID != "" && !f.Pool && c.OwnerID != f.OwnerID) {
		return false
	}
	if regions != nil && !regions[c.RegionID] {
		return false
	}
	if (f.Level != "" && c.Level != f.Level) || (f.Status != "" && c.Status != f.Status) {
		return false
	}
	if f.Flagged && !c.Flagged {
		return false
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	return q == "" || strings.Contains(strings.ToLower(c.Name), q) || strings.Contains(c.CreditCode, strings.ToUpper(q)) ||
		slices.Contains([]string{c.Phone}, q)
}

// taggedSet is the ids of customers with a follow-up carrying tag; nil
// when tag is empty.
func taggedSet(tx *store.Tx, tag string) (map[string]bool, error) {
	if tag == "" {
		return nil, nil
	}
	ids, err := tx.IndexIDs("customer", "tag", tag)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// listRegions is the set of regions whose index a list may walk instead of
// every customer: the region filter's subtree, narrowed to a manager's own
// subtree; or a manager's subtree alone. nil means walk every customer
// (directors, admins, and the roles that read every region).
//
// A manager's own customers outside their subtree (rare: a manager who also
// sells elsewhere) are not listed on this path; they open by id as usual.
func listRegions(p *access.Principal, f Filter, filter map[string]bool) []string {
	onlyManager := p.Has(access.Manager) && !p.SeesAll() &&
		p.RequireAny(access.Presales, access.Legal, access.Finance) != nil
	var set map[string]bool
	switch {
	case filter != nil && onlyManager:
		set = map[string]bool{}
		for r := range filter {
			if p.Subtree[r] {
				set[r] = true
			}
		}
	case filter != nil:
		set = filter
	case onlyManager:
		set = p.Subtree
	default:
		return nil
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}
