package customer

import "github.com/frontline-crm/frontline/app/access"

// canSee is the visibility rule for customers: the general scope rule
// (own, managed subtree, everything for directors and admins), plus the
// pool of the regions a rep belongs to, plus read access for presales,
// legal and finance, who serve every region.
func canSee(p *access.Principal, c Customer) bool {
	if p.CanSee(c.OwnerID, c.RegionID) {
		return true
	}
	if c.InPool() && p.Has(access.Rep) && p.Subtree[c.RegionID] {
		return true
	}
	return p.RequireAny(access.Presales, access.Legal, access.Finance) == nil
}

// canEdit: the owner, a manager of the region, directors and admins.
func canEdit(p *access.Principal, c Customer) bool {
	if p.SeesAll() || (c.OwnerID != "" && c.OwnerID == p.UserID) {
		return true
	}
	return p.Has(access.Manager) && p.Subtree[c.RegionID]
}

// canFollowUp: whoever may edit, plus presales recording their meetings,
// plus a rep on a pool customer of their region (a touch before claiming).
func canFollowUp(p *access.Principal, c Customer) bool {
	if canEdit(p, c) || p.Has(access.Presales) {
		return true
	}
	return c.InPool() && p.Has(access.Rep) && p.Subtree[c.RegionID]
}

// CanEdit reports whether p may edit c; pages use it to decide which
// actions to show (the service checks again on every write).
func CanEdit(p *access.Principal, c Customer) bool { return canEdit(p, c) }

// CanFollowUp reports whether p may record a follow-up or a status on c.
func CanFollowUp(p *access.Principal, c Customer) bool { return canFollowUp(p, c) }
