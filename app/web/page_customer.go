package web

import (
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
)

// customerLookup names the ids and keys the customer pages show: statuses
// by the admin's wording, regions by their path, users by name. Templates
// call its methods on the page data, which embeds it.
type customerLookup struct {
	statuses map[string]customer.Status
	paths    map[string]string
	users    map[string]string
	org      *org.Service
}

// lookup loads the statuses and region paths; user names load on use.
func (s *Server) lookup(p *access.Principal) (customerLookup, customer.Settings, error) {
	l := customerLookup{statuses: map[string]customer.Status{}, users: map[string]string{}, org: s.Org}
	set, err := s.Customers.Settings()
	if err != nil {
		return l, set, err
	}
	for _, st := range set.Statuses {
		l.statuses[st.Key] = st
	}
	_, l.paths, err = s.regionChoices(p)
	return l, set, err
}

// StatusName is what people call a status; a status removed from the
// settings shows its key.
func (l customerLookup) StatusName(key string) string {
	if st, ok := l.statuses[key]; ok {
		return st.Name
	}
	return key
}

// statusChips colours the default statuses: open ones blue, waiting ones
// orange, won green, lost grey.
var statusChips = map[string]string{
	customer.StatusNew: "chip-blue", customer.StatusFollowing: "chip-blue",
	customer.StatusQuoted: "chip-orange", customer.StatusUnclear: "chip-orange",
	customer.StatusWon: "chip-green", customer.StatusLost: "chip-grey",
}

// StatusClass is the chip colour of a status; statuses an admin added are
// blue while open and grey once closed.
func (l customerLookup) StatusClass(key string) string {
	if c, ok := statusChips[key]; ok {
		return c
	}
	if l.statuses[key].Closed {
		return "chip-grey"
	}
	return "chip-blue"
}

// RegionName is a region's own name, the last part of its path.
func (l customerLookup) RegionName(id string) string {
	p := l.Region(id)
	if i := strings.LastIndex(p, " / "); i >= 0 {
		return p[i+len(" / "):]
	}
	return p
}

// Region is a region's full path ("华东 / 浙江 / 杭州").
func (l customerLookup) Region(id string) string {
	if p, ok := l.paths[id]; ok {
		return p
	}
	return "—"
}

// User is a user's display name, looked up once per page.
func (l customerLookup) User(id string) string {
	if id == "" {
		return ""
	}
	if name, ok := l.users[id]; ok {
		return name
	}
	name := "—"
	if u, err := l.org.UserByID(id); err == nil {
		name = u.Name
	}
	l.users[id] = name
	return name
}

// choice is one option of a select, a tab or a group of chips, with the
// locale key of its label.
type choice struct {
	Value string
	Label string
}

// labelOf is the label key of value among choices; an unknown value gets
// the key of "unknown".
func labelOf(choices []choice, value string) string {
	for _, c := range choices {
		if c.Value == value {
			return c.Label
		}
	}
	return "common.unknown"
}

// followUpKinds are the kinds of follow-up, in the order the form shows.
func followUpKinds() []choice {
	return []choice{
		{Value: "visit", Label: "followup.kind.visit"},
		{Value: "call", Label: "followup.kind.call"},
		{Value: "wechat", Label: "followup.kind.wechat"},
		{Value: "email", Label: "followup.kind.email"},
		{Value: "meeting", Label: "followup.kind.meeting"},
	}
}

// mayEdit and mayFollowUp decide which actions a page shows; they are the
// service's own rules.
var (
	mayEdit     = customer.CanEdit
	mayFollowUp = customer.CanFollowUp
)

// mayCreateCustomer: reps, managers, directors and admins.
func mayCreateCustomer(p *access.Principal) bool {
	return p.RequireAny(access.Rep, access.Manager, access.Director) == nil
}

// placeableRegions are the regions p may put a customer in: all of them
// for directors and admins, else the user's own subtree.
func (s *Server) placeableRegions(p *access.Principal) ([]*org.TreeNode, error) {
	flat, _, err := s.regionChoices(p)
	if err != nil || p.SeesAll() {
		return flat, err
	}
	var out []*org.TreeNode
	for _, n := range flat {
		if p.Subtree[n.ID] {
			out = append(out, n)
		}
	}
	return out, nil
}

// splitList reads a list typed into one field, separated by commas (either
// width), 、 or semicolons.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(",，、;；\n", r)
	})
	out := []string{}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
