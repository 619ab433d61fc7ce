// Package access holds who is asking (Principal), the roles, and the data
// scope rule every module reuses: a rep sees their own records, a manager
// the records of their regions' subtrees, a director or admin everything.
// The checks live in the service layer, never only in the UI.
//
// It must not import any other Frontline package except app/problem.
package access

import (
	"slices"

	"github.com/frontline-crm/frontline/app/problem"
)

// Role is what a user does in the team.
type Role string

// The roles, as stored and as used in the API.
const (
	Admin      Role = "admin"
	Director   Role = "director"
	Manager    Role = "manager"
	Rep        Role = "rep"
	Presales   Role = "presales"
	Legal      Role = "legal"
	Finance    Role = "finance"
	Warehouse  Role = "warehouse"
	Purchasing Role = "purchasing"
)

// Roles lists every role in display order.
var Roles = []Role{Admin, Director, Manager, Rep, Presales, Legal, Finance, Warehouse, Purchasing}

// ValidRole reports whether r is one of Roles.
func ValidRole(r string) bool { return slices.Contains(Roles, Role(r)) }

// Principal is the person (or the system) a request acts for.
type Principal struct {
	UserID string
	Roles  []Role
	// Regions are the regions the user is assigned to directly.
	Regions []string
	// Subtree holds every region at or below Regions, filled by the org
	// service when the principal is loaded; it is what scope checks use.
	Subtree map[string]bool
	// System marks work done by the server or the CLI on an operator's
	// behalf; it may do everything.
	System bool
	// IP is the client address of the request, for the audit log.
	IP string
}

// SystemPrincipal acts for the CLI and background jobs.
var SystemPrincipal = &Principal{System: true}

// Has reports whether p holds role r.
func (p *Principal) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// IsAdmin reports whether p may administer users, regions and settings.
func (p *Principal) IsAdmin() bool { return p.System || p.Has(Admin) }

// SeesAll reports whether p's data scope is everything.
func (p *Principal) SeesAll() bool { return p.IsAdmin() || p.Has(Director) }

// RequireAdmin returns a forbidden error unless p is an admin.
func (p *Principal) RequireAdmin() error {
	if p.IsAdmin() {
		return nil
	}
	return problem.Forbidden()
}

// RequireAny returns a forbidden error unless p holds one of roles (or
// is an admin or the system).
func (p *Principal) RequireAny(roles ...Role) error {
	if p.IsAdmin() {
		return nil
	}
	for _, r := range roles {
		if p.Has(r) {
			return nil
		}
	}
	return problem.Forbidden()
}

// InRegion reports whether region lies in p's regional scope.
func (p *Principal) InRegion(region string) bool {
	return p.SeesAll() || p.Subtree[region]
}

// CanSee is the scope rule for an owned, regional record: everyone with a
// global scope sees it, a manager sees it when its region is in their
// subtree, anyone sees what they own.
func (p *Principal) CanSee(ownerID, region string) bool {
	if p.SeesAll() || (ownerID != "" && ownerID == p.UserID) {
		return true
	}
	return p.Has(Manager) && region != "" && p.Subtree[region]
}
