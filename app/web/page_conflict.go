package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// The tabs of the conflict list.
const (
	tabOpen     = "open"     // 待处理
	tabResolved = "resolved" // 已处理
)

// conflictPage is how many conflicts the list shows at once.
const conflictPage = 20

// conflictsData is the 状态冲突 list: open or resolved conflicts of the
// customers in the user's scope, or of one customer.
type conflictsData struct {
	customerLookup
	Tab      string
	Tabs     []choice
	Items    []conflictItem
	NextHref string
	// Customer narrows the list to one customer (?customer=).
	Customer *customer.Customer
	// Here is the list's address, where a resolve form returns to.
	Here string
}

// conflictItem is one conflict as the list and the customer page show it.
type conflictItem struct {
	customer.Conflict
	// Customer is the customer as it is now, nil if it cannot be read.
	Customer     *customer.Customer
	CustomerName string
	Message      string
	Label        string // locale key of the rule's name
	CanResolve   bool
	// Field names the reason field of this conflict's resolve form, so a
	// refused form shows its error next to the right conflict.
	Field string
}

// conflictRules are the rules' labels.
var conflictRules = []choice{
	{Value: customer.RuleStatusPair, Label: "conflict.rule.status_pair"},
	{Value: customer.RuleFollowUpSignal, Label: "conflict.rule.followup_signal"},
}

// mayListConflicts mirrors the service: reps, managers, directors and
// admins have conflicts to look at.
func mayListConflicts(p *access.Principal) bool {
	return p.RequireAny(access.Rep, access.Manager, access.Director) == nil
}

func (s *Server) conflictsPage(c *fiber.Ctx) error {
	v := s.view(c, "conflicts.title", "conflicts")
	return s.renderConflicts(c, fiber.StatusOK, v)
}

// renderConflicts shows the list the query asks for, with v's errors and
// typed reasons (a resolve form that was refused).
func (s *Server) renderConflicts(c *fiber.Ctx, status int, v *View) error {
	p := current(c).Principal
	l, _, err := s.lookup(p)
	if err != nil {
		return err
	}
	d := conflictsData{customerLookup: l, Tab: tabOpen, Tabs: []choice{
		{Value: tabOpen, Label: "conflicts.tab.open"}, {Value: tabResolved, Label: "conflicts.tab.resolved"}}}
	if c.Query("tab") == tabResolved {
		d.Tab = tabResolved
	}
	req := customer.ConflictRequest{CustomerID: c.Query("customer"), Resolved: d.Tab == tabResolved,
		Page: store.PageRequest{Cursor: c.Query("cursor"), Limit: conflictPage}}
	if req.CustomerID != "" {
		cu, err := s.Customers.Get(p, req.CustomerID)
		if err != nil {
			return err
		}
		d.Customer = &cu
	}
	items, next, err := s.listConflicts(p, req)
	if err != nil {
		return badCursor(err)
	}
	d.NextHref, d.Here = nextHref(c, next), pathAndQuery(c)
	d.Items = s.conflictItems(v, p, items)
	v.Data = d
	return s.render(c, status, "conflicts", v)
}

// listConflicts pages through open conflicts, or through resolved ones
// only: the service lists resolved ones together with the open, so this
// reads on until it has a page's worth or the end.
func (s *Server) listConflicts(p *access.Principal, req customer.ConflictRequest) ([]customer.Conflict,
	string, error) {
	items, next, err := s.Customers.Conflicts(p, req)
	if err != nil || !req.Resolved {
		return items, next, err
	}
	var out []customer.Conflict
	for rounds := 0; ; rounds++ {
		out = append(out, slices.DeleteFunc(items, customer.Conflict.Open)...)
		if len(out) >= conflictPage || next == "" || rounds == 10 {
			return out, next, nil
		}
		req.Page.Cursor = next
		if items, next, err = s.Customers.Conflicts(p, req); err != nil {
			return nil, "", err
		}
	}
}

// conflictItems names each conflict's customer and message, and says
// whether the user may resolve it (as the service decides: whoever may
// edit the customer).
func (s *Server) conflictItems(v *View, p *access.Principal, items []customer.Conflict) []conflictItem {
	customers := map[string]*customer.Customer{}
	out := make([]conflictItem, 0, len(items))
	for _, cf := range items {
		cu, seen := customers[cf.CustomerID]
		if !seen {
			if got, err := s.Customers.Get(p, cf.CustomerID); err == nil {
				cu = &got
			}
			customers[cf.CustomerID] = cu
		}
		it := conflictItem{Conflict: cf, Message: v.T(cf.Detail.Key, cf.Detail.Args...),
			Label: labelOf(conflictRules, cf.Rule), Field: "reason_" + cf.ID, CustomerName: "—"}
		if cu != nil {
			it.Customer, it.CustomerName = cu, cu.Name
			it.CanResolve = cf.Open() && mayEdit(p, *cu) && !cu.Archived
		}
		out = append(out, it)
	}
	return out
}

// openConflicts are the open conflicts of a flagged customer, for its
// page; none for callers the service lists no conflicts to.
func (s *Server) openConflicts(v *View, p *access.Principal, cu customer.Customer) ([]conflictItem, error) {
	if !cu.Flagged || !mayListConflicts(p) {
		return nil, nil
	}
	items, _, err := s.Customers.Conflicts(p, customer.ConflictRequest{CustomerID: cu.ID})
	if err != nil {
		return nil, err
	}
	return s.conflictItems(v, p, items), nil
}

func (s *Server) conflictResolveSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	back := localPath(c.FormValue("next"))
	if back != "/conflicts" && !strings.HasPrefix(back, "/conflicts?") {
		back = "/conflicts"
	}
	err := s.Customers.ResolveConflict(current(c).Principal, id, c.FormValue("reason"))
	if err == nil {
		s.flash(c, "flash.conflict_resolved")
		return seeOther(c, back)
	}
	pe, ok := problem.As(err)
	if !ok || (pe.Kind != problem.KindValidation && pe.Kind != problem.KindConflict) {
		return err
	}
	v := s.view(c, "conflicts.title", "conflicts")
	v.Form["reason_"+id] = c.FormValue("reason")
	for field, msg := range s.fieldErrors(c, err) {
		if field == "reason" {
			field = "reason_" + id
		}
		v.Errors[field] = msg
	}
	// The list is rendered as at the address the form came from.
	if u, perr := url.Parse(back); perr == nil {
		c.Path(u.Path)
		c.Request().URI().SetQueryString(u.RawQuery)
	}
	return s.renderConflicts(c, kindInfo[pe.Kind].status, v)
}

// pathAndQuery is the address the request is for, without the host.
func pathAndQuery(c *fiber.Ctx) string {
	if q := string(c.Request().URI().QueryString()); q != "" {
		return c.Path() + "?" + q
	}
	return c.Path()
}

// People are the names of the people whose statements clashed.
func (d conflictsData) People(it conflictItem) []string {
	names := make([]string, 0, len(it.UserIDs))
	for _, id := range it.UserIDs {
		names = append(names, d.User(id))
	}
	return names
}
