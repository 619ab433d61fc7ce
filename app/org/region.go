package org

import (
	"errors"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Region is one sales territory in the tree.
type Region struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ParentID  string    `json:"parent_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RegionInput creates a region.
type RegionInput struct {
	Name     string `json:"name"`
	ParentID string `json:"parent_id"`
}

// RegionPatch changes a region; nil fields stay as they are. An empty
// ParentID moves the region to the top level.
type RegionPatch struct {
	Name     *string `json:"name"`
	ParentID *string `json:"parent_id"`
}

const regionPrefix = "region/"

// maxRegionName is the longest region name in characters.
const maxRegionName = 60

func regionKey(id string) string { return regionPrefix + id }

// siblingName is the unique key of a name under one parent: two regions
// under the same parent may not share a name.
func siblingName(parentID, name string) string {
	return parentID + "|" + strings.ToLower(name)
}

// CreateRegion adds a region under in.ParentID (or at the top level).
func (s *Service) CreateRegion(p *access.Principal, in RegionInput) (Region, error) {
	if err := p.RequireAdmin(); err != nil {
		return Region{}, err
	}
	now := s.clock.Now().UTC()
	r := Region{ID: store.NewID(now), Name: strings.TrimSpace(in.Name),
		ParentID: in.ParentID, CreatedAt: now, UpdatedAt: now}
	defer s.regions.invalidate()
	err := s.db.Update(func(tx *store.Tx) error {
		if err := s.checkRegion(tx, r); err != nil {
			return err
		}
		if err := s.putRegion(tx, r, nil); err != nil {
			return err
		}
		return s.event(tx, p, "region.create", regionKey(r.ID), map[string]any{"name": r.Name, "parent_id": r.ParentID})
	})
	return r, err
}

// UpdateRegion renames or moves a region. Moving a region below itself or
// one of its descendants is refused.
func (s *Service) UpdateRegion(p *access.Principal, id string, patch RegionPatch) (Region, error) {
	if err := p.RequireAdmin(); err != nil {
		return Region{}, err
	}
	var r Region
	defer s.regions.invalidate()
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := getRegion(tx, id)
		if err != nil {
			return err
		}
		r = old
		applyRegionPatch(&r, patch)
		r.UpdatedAt = s.clock.Now().UTC()
		if err := s.checkRegion(tx, r); err != nil {
			return err
		}
		if err := s.putRegion(tx, r, &old); err != nil {
			return err
		}
		return s.event(tx, p, "region.update", regionKey(r.ID), map[string]any{
			"from": map[string]any{"name": old.Name, "parent_id": old.ParentID},
			"to":   map[string]any{"name": r.Name, "parent_id": r.ParentID},
		})
	})
	return r, err
}

func applyRegionPatch(r *Region, patch RegionPatch) {
	if patch.Name != nil {
		r.Name = strings.TrimSpace(*patch.Name)
	}
	if patch.ParentID != nil {
		r.ParentID = *patch.ParentID
	}
}

// DeleteRegion removes a region that has no sub-regions and no users.
func (s *Service) DeleteRegion(p *access.Principal, id string) error {
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	defer s.regions.invalidate()
	return s.db.Update(func(tx *store.Tx) error {
		r, err := getRegion(tx, id)
		if err != nil {
			return err
		}
		if err := regionUnused(tx, id); err != nil {
			return err
		}
		keys := []string{regionKey(id), store.IndexPrefix("region", "parent", r.ParentID) + id}
		for _, k := range keys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		if err := tx.ReleaseUnique("region", "name", siblingName(r.ParentID, r.Name)); err != nil {
			return err
		}
		return s.event(tx, p, "region.delete", regionKey(id), map[string]any{"name": r.Name})
	})
}

func regionUnused(tx *store.Tx, id string) error {
	children, err := tx.IndexIDs("region", "parent", id)
	if err != nil {
		return err
	}
	if len(children) > 0 {
		return problem.New(problem.KindConflict, "region.error.has_children")
	}
	users, err := tx.IndexIDs("user", "region", id)
	if err != nil {
		return err
	}
	if len(users) > 0 {
		return problem.New(problem.KindConflict, "region.error.has_users", len(users))
	}
	return nil
}

// checkRegion validates a region about to be written.
func (s *Service) checkRegion(tx *store.Tx, r Region) error {
	var v problem.Validation
	n := utf8.RuneCountInString(r.Name)
	switch {
	case n == 0:
		v.Add("name", "region.error.name_required")
	case n > maxRegionName:
		v.Add("name", "region.error.name_too_long", maxRegionName)
	}
	if r.ParentID != "" {
		if err := checkParent(tx, r); err != nil {
			if pe, ok := problem.As(err); ok && pe.Key != "" {
				v.Add("parent_id", pe.Key)
			} else {
				return err
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	owner, err := tx.LookupUnique("region", "name", siblingName(r.ParentID, r.Name))
	if err == nil && owner != r.ID {
		return &problem.Error{Kind: problem.KindValidation, Key: "problem.validation",
			Fields: []problem.FieldError{{Field: "name", Key: "region.error.name_taken"}}}
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// checkParent refuses a parent that does not exist or lies inside r.
func checkParent(tx *store.Tx, r Region) error {
	for id, depth := r.ParentID, 0; id != ""; depth++ {
		if id == r.ID || depth > 64 {
			return problem.New(problem.KindValidation, "region.error.parent_cycle")
		}
		parent, err := getRegion(tx, id)
		if errors.Is(err, problem.ErrNotFound) {
			return problem.New(problem.KindValidation, "region.error.parent_missing")
		}
		if err != nil {
			return err
		}
		id = parent.ParentID
	}
	return nil
}

// putRegion writes r with its parent index and sibling-name claim,
// replacing old's when given.
func (s *Service) putRegion(tx *store.Tx, r Region, old *Region) error {
	if old != nil {
		if err := tx.RemoveIndex("region", "parent", old.ParentID, r.ID); err != nil {
			return err
		}
		if err := tx.ReleaseUnique("region", "name", siblingName(old.ParentID, old.Name)); err != nil {
			return err
		}
	}
	if err := tx.ClaimUnique("region", "name", siblingName(r.ParentID, r.Name), r.ID); err != nil {
		return err
	}
	if err := tx.AddIndex("region", "parent", r.ParentID, r.ID); err != nil {
		return err
	}
	return tx.PutJSON(regionKey(r.ID), r)
}

func getRegion(tx *store.Tx, id string) (Region, error) {
	var r Region
	if !store.ValidID(id) {
		return r, problem.NotFound()
	}
	err := tx.GetJSON(regionKey(id), &r)
	if errors.Is(err, store.ErrNotFound) {
		return r, problem.NotFound()
	}
	return r, err
}

// GetRegion returns one region; every signed-in user may read the tree.
func (s *Service) GetRegion(p *access.Principal, id string) (Region, error) {
	var r Region
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		r, err = getRegion(tx, id)
		return err
	})
	return r, err
}

// ListRegions pages through all regions in creation order.
func (s *Service) ListRegions(p *access.Principal, req store.PageRequest) ([]Region, string, error) {
	var items []Region
	var next string
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		items, next, err = store.List[Region](tx, regionPrefix, req, nil)
		return err
	})
	return items, next, err
}

// AllRegions loads the whole tree; a company has at most a few hundred.
func AllRegions(tx *store.Tx) (map[string]Region, error) {
	all := map[string]Region{}
	err := tx.Scan(regionPrefix, store.ScanOptions{}, func(key string, val []byte) (bool, error) {
		var r Region
		if err := decode(key, val, &r); err != nil {
			return false, err
		}
		all[r.ID] = r
		return true, nil
	})
	return all, err
}

// TreeNode is a region with its children, for display.
type TreeNode struct {
	Region
	Depth    int
	Path     string
	Children []*TreeNode
}

// Tree returns the regions as a forest ordered by name, each node with its
// depth and full path ("华东 / 浙江 / 杭州").
func (s *Service) Tree(p *access.Principal) ([]*TreeNode, error) {
	all, err := s.allRegions()
	if err != nil {
		return nil, err
	}
	return buildTree(all), nil
}

func buildTree(all map[string]Region) []*TreeNode {
	nodes := map[string]*TreeNode{}
	for id, r := range all {
		nodes[id] = &TreeNode{Region: r}
	}
	var roots []*TreeNode
	for _, n := range nodes {
		if parent, ok := nodes[n.ParentID]; ok {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	sortNodes(roots, 0, "")
	return roots
}

func sortNodes(nodes []*TreeNode, depth int, prefix string) {
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	for _, n := range nodes {
		n.Depth = depth
		n.Path = n.Name
		if prefix != "" {
			n.Path = prefix + " / " + n.Name
		}
		sortNodes(n.Children, depth+1, n.Path)
	}
}

// Flatten lists a forest depth-first, for selects and tables.
func Flatten(nodes []*TreeNode) []*TreeNode {
	var out []*TreeNode
	for _, n := range nodes {
		out = append(out, n)
		out = append(out, Flatten(n.Children)...)
	}
	return out
}

// subtree returns roots and every region below them.
func subtree(all map[string]Region, roots []string) map[string]bool {
	children := map[string][]string{}
	for _, r := range all {
		children[r.ParentID] = append(children[r.ParentID], r.ID)
	}
	out := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if out[id] {
			return
		}
		out[id] = true
		for _, c := range children[id] {
			walk(c)
		}
	}
	for _, id := range roots {
		if _, ok := all[id]; ok {
			walk(id)
		}
	}
	return out
}

// allRegions is the whole tree, from the cache.
func (s *Service) allRegions() (map[string]Region, error) {
	return s.regions.get(func() (map[string]Region, error) {
		var all map[string]Region
		err := s.db.View(func(tx *store.Tx) error {
			var err error
			all, err = AllRegions(tx)
			return err
		})
		return all, err
	})
}
