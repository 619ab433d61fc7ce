package org

import (
	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Principal builds the access.Principal of an enabled user, with the
// region subtree their scope covers. A disabled or missing user gets an
// unauthorized error.
func (s *Service) Principal(u User) (*access.Principal, error) {
	if u.Disabled {
		return nil, problem.Unauthorized()
	}
	p := &access.Principal{UserID: u.ID, Roles: u.Roles, Regions: u.Regions}
	err := s.db.View(func(tx *store.Tx) error {
		all, err := AllRegions(tx)
		if err != nil {
			return err
		}
		p.Subtree = subtree(all, u.Regions)
		return nil
	})
	return p, err
}
