package org

import "sync"

// regionCache keeps the region tree in memory: every request builds its
// principal's subtree from it, and regions change rarely. Only this
// process writes the database (the data directory is locked), so
// invalidating after each region write keeps it exact.
type regionCache struct {
	mu      sync.Mutex
	all     map[string]Region
	version uint64
}

// get returns the cached tree, or loads it with load. A load that raced
// with a write is used once but not kept.
func (c *regionCache) get(load func() (map[string]Region, error)) (map[string]Region, error) {
	c.mu.Lock()
	all, v := c.all, c.version
	c.mu.Unlock()
	if all != nil {
		return all, nil
	}
	all, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.version == v {
		c.all = all
	}
	c.mu.Unlock()
	return all, nil
}

// invalidate drops the cache after a region write.
func (c *regionCache) invalidate() {
	c.mu.Lock()
	c.all = nil
	c.version++
	c.mu.Unlock()
}
