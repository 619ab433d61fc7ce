package org

import (
	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
)

// Principal builds the access.Principal of an enabled user, with the
// region subtree their scope covers. A disabled or missing user gets an
// unauthorized error.
func (s *Service) Principal(u User) (*access.Principal, error) {
	if u.Disabled {
		return nil, problem.Unauthorized()
	}
	all, err := s.allRegions()
	if err != nil {
		return nil, err
	}
	return &access.Principal{UserID: u.ID, Roles: u.Roles, Regions: u.Regions,
		Subtree: subtree(all, u.Regions)}, nil
}

// Subtree returns the given regions and every region below them.
func (s *Service) Subtree(regionIDs ...string) (map[string]bool, error) {
	all, err := s.allRegions()
	if err != nil {
		return nil, err
	}
	return subtree(all, regionIDs), nil
}
