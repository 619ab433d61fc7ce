package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
)

// The tabs of the customer list.
const (
	tabMine = "mine" // 我的客户: the user's own customers
	tabPool = "pool" // 公海: customers without an owner
	tabAll  = "all"  // 全部: everything the user may see
)

// customerListData is the customer list: a filter bar, tabs, cards on a
// phone and a table on a desktop.
type customerListData struct {
	customerLookup
	Customers []customer.Customer
	NextHref  string
	Filter    customer.Filter
	Tab       string
	Tabs      []choice
	Regions   []*org.TreeNode
	Statuses  []customer.Status
	Levels    []string
	CanCreate bool
	// Filtered is true when a search or filter narrows the list, so an
	// empty list says "nothing matches" rather than "no customers yet".
	Filtered bool
}

func (s *Server) customersPage(c *fiber.Ctx) error {
	cur := current(c)
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	tabs := customerTabs(cur.Principal)
	tab := c.Query("tab")
	if !slices.ContainsFunc(tabs, func(t choice) bool { return t.Value == tab }) {
		tab = tabs[0].Value
		if !onlyRep(cur.Principal) {
			tab = tabs[len(tabs)-1].Value
		}
	}
	f := customer.Filter{Query: c.Query("q"), Status: c.Query("status"), Level: c.Query("level"),
		RegionID: c.Query("region"), Flagged: c.Query("flagged") != ""}
	switch tab {
	case tabMine:
		f.OwnerID = cur.User.ID
	case tabPool:
		f.Pool = true
	}
	items, next, err := s.Customers.List(cur.Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	d, err := s.customerListData(cur.Principal, f)
	if err != nil {
		return err
	}
	d.Customers, d.NextHref, d.Tab, d.Tabs = items, nextHref(c, next), tab, tabs
	v := s.view(c, "customers.title", "customers")
	v.Data = d
	return s.render(c, fiber.StatusOK, "customers", v)
}

func (s *Server) customerListData(p *access.Principal, f customer.Filter) (customerListData, error) {
	l, set, err := s.lookup(p)
	if err != nil {
		return customerListData{}, err
	}
	regions, err := s.filterRegions(p)
	if err != nil {
		return customerListData{}, err
	}
	return customerListData{customerLookup: l, Filter: f, Regions: regions, Statuses: set.Statuses,
		Levels: customer.Levels, CanCreate: mayCreateCustomer(p),
		Filtered: f.Query != "" || f.Status != "" || f.Level != "" || f.RegionID != "" || f.Flagged}, nil
}

// filterRegions are the regions worth filtering by: every region for
// those who see every region's customers, else the user's own subtree.
func (s *Server) filterRegions(p *access.Principal) ([]*org.TreeNode, error) {
	if p.RequireAny(access.Presales, access.Legal, access.Finance) == nil {
		flat, _, err := s.regionChoices(p)
		return flat, err
	}
	return s.placeableRegions(p)
}

// customerTabs are the tabs p gets: 我的客户 for those who own customers,
// 公海 for all, 全部 for everyone who sees more than their own.
func customerTabs(p *access.Principal) []choice {
	var tabs []choice
	if mayCreateCustomer(p) {
		tabs = append(tabs, choice{Value: tabMine, Label: "customers.tab.mine"})
	}
	tabs = append(tabs, choice{Value: tabPool, Label: "customers.tab.pool"})
	if !onlyRep(p) {
		tabs = append(tabs, choice{Value: tabAll, Label: "customers.tab.all"})
	}
	return tabs
}

// onlyRep is a rep without a wider role: their list starts at their own
// customers, everyone else's at everything they may see.
func onlyRep(p *access.Principal) bool {
	return p.Has(access.Rep) && !p.Has(access.Manager) && !p.SeesAll()
}
