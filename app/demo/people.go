package demo

import (
	"fmt"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
)

// Who works each city's customers, by the demo users' e-mail names (the
// part before @). Cities without a rep of their own are covered from
// elsewhere: Shanghai from Hangzhou, Guangzhou from Shenzhen, Beijing by
// the director. "second" is who may state a different status than the
// owner (and so contradict them).
var crews = map[string]struct {
	owner, ownerCreator, toucher, poolCreator, second string
}{
	"杭州": {"rep.hangzhou", "rep.hangzhou", "rep.hangzhou", "manager.zhejiang", "manager.zhejiang"},
	"绍兴": {"rep.shaoxing", "rep.shaoxing", "rep.shaoxing", "manager.zhejiang", "manager.zhejiang"},
	"上海": {"rep.hangzhou", "director", "presales", "director", "presales"},
	"深圳": {"rep.shenzhen", "rep.shenzhen", "rep.shenzhen", "manager.south", "manager.south"},
	"广州": {"rep.shenzhen", "manager.south", "manager.south", "manager.south", "manager.south"},
	"北京": {"director", "director", "director", "director", "presales"},
}

// crew is the people around one city's customers, as principals.
type crew struct {
	regionID     string
	owner        *access.Principal // of owned customers
	ownerCreator *access.Principal // creates owned customers
	toucher      *access.Principal // follows up pool customers
	poolCreator  *access.Principal
	second       *access.Principal // a second voice on status
	presales     *access.Principal
}

// cast is every city's crew, by region name.
type cast map[string]*crew

// loadCast finds the demo regions and users; it fails when the
// organisation is not the demo's.
func loadCast(orgs *org.Service) (cast, error) {
	regions, err := regionIDs(orgs)
	if err != nil {
		return nil, err
	}
	people := map[string]*access.Principal{}
	who := func(name string) (*access.Principal, error) {
		if p, ok := people[name]; ok {
			return p, nil
		}
		u, err := orgs.UserByEmail(name + "@demo.frontline.local")
		if err != nil {
			return nil, fmt.Errorf("demo: no demo user %s (seed the demo organisation first): %w", name, err)
		}
		p, err := orgs.Principal(u)
		people[name] = p
		return p, err
	}
	out := cast{}
	for _, c := range cities {
		cr, err := buildCrew(c.region, regions, who)
		if err != nil {
			return nil, err
		}
		out[c.region] = cr
	}
	return out, nil
}

func buildCrew(region string, regions map[string]string,
	who func(string) (*access.Principal, error)) (*crew, error) {
	id, ok := regions[region]
	if !ok {
		return nil, fmt.Errorf("demo: no demo region %s (seed the demo organisation first)", region)
	}
	names := crews[region]
	cr := &crew{regionID: id}
	for _, f := range []struct {
		dst  **access.Principal
		name string
	}{{&cr.owner, names.owner}, {&cr.ownerCreator, names.ownerCreator}, {&cr.toucher, names.toucher},
		{&cr.poolCreator, names.poolCreator}, {&cr.second, names.second}, {&cr.presales, "presales"}} {
		p, err := who(f.name)
		if err != nil {
			return nil, err
		}
		*f.dst = p
	}
	return cr, nil
}

// regionIDs maps the names of the demo tree's regions to their ids.
func regionIDs(orgs *org.Service) (map[string]string, error) {
	tree, err := orgs.Tree(access.SystemPrincipal)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, n := range org.Flatten(tree) {
		ids[n.Name] = n.ID
	}
	return ids, nil
}
