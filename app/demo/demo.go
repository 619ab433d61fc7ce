// Package demo seeds the demo organisation `make run` starts with: a
// region tree and a user of every role. Each module extends it with its
// own demo records.
//
// It must not import app/web or any HTTP package.
package demo

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// AdminEmail is the demo admin, who gets a password through the setup
// link printed at start.
const AdminEmail = "admin@demo.frontline.local"

// regionTree is the demo tree as parent → children; "" is the top level.
var regionTree = [][2]string{
	{"", "华东"}, {"华东", "浙江"}, {"浙江", "杭州"}, {"浙江", "绍兴"}, {"华东", "上海"},
	{"", "华南"}, {"华南", "广东"}, {"广东", "深圳"}, {"广东", "广州"},
	{"", "华北"}, {"华北", "北京"},
}

type demoUser struct {
	email, name string
	roles       []access.Role
	regions     []string
}

var users = []demoUser{
	{AdminEmail, "系统管理员", []access.Role{access.Admin}, nil},
	{"director@demo.frontline.local", "陈总监", []access.Role{access.Director}, nil},
	{"manager.zhejiang@demo.frontline.local", "王经理", []access.Role{access.Manager}, []string{"浙江"}},
	{"manager.south@demo.frontline.local", "刘经理", []access.Role{access.Manager}, []string{"华南"}},
	{"rep.hangzhou@demo.frontline.local", "李娜", []access.Role{access.Rep}, []string{"杭州"}},
	{"rep.shaoxing@demo.frontline.local", "张伟", []access.Role{access.Rep}, []string{"绍兴"}},
	{"rep.shenzhen@demo.frontline.local", "黄磊", []access.Role{access.Rep}, []string{"深圳"}},
	{"presales@demo.frontline.local", "周工", []access.Role{access.Presales}, []string{"华东"}},
	{"legal@demo.frontline.local", "赵律师", []access.Role{access.Legal}, nil},
	{"finance@demo.frontline.local", "孙会计", []access.Role{access.Finance}, nil},
	{"warehouse@demo.frontline.local", "吴库管", []access.Role{access.Warehouse}, []string{"华东"}},
	{"purchasing@demo.frontline.local", "郑采购", []access.Role{access.Purchasing}, nil},
}

// Seed creates the demo organisation if the database has no users yet. It
// reports whether it seeded, and the password every demo user except the
// admin shares (random per install; the admin sets theirs through the
// setup link).
func Seed(orgs *org.Service) (bool, string, error) {
	sys := access.SystemPrincipal
	existing, _, err := orgs.ListUsers(sys, org.UserFilter{}, store.PageRequest{Limit: 1})
	if err != nil || len(existing) > 0 {
		return false, "", err
	}
	ids, err := seedRegions(orgs, sys)
	if err != nil {
		return false, "", err
	}
	pw := randomPassword()
	for _, u := range users {
		if err := seedUser(orgs, sys, u, ids, pw); err != nil {
			return false, "", err
		}
	}
	return true, pw, nil
}

func seedRegions(orgs *org.Service, sys *access.Principal) (map[string]string, error) {
	ids := map[string]string{}
	for _, pc := range regionTree {
		r, err := orgs.CreateRegion(sys, org.RegionInput{Name: pc[1], ParentID: ids[pc[0]]})
		if err != nil {
			return nil, fmt.Errorf("demo: region %s: %w", pc[1], err)
		}
		ids[pc[1]] = r.ID
	}
	return ids, nil
}

func seedUser(orgs *org.Service, sys *access.Principal, u demoUser, ids map[string]string, pw string) error {
	in := org.UserInput{Email: u.email, Name: u.name, Regions: []string{}}
	for _, r := range u.roles {
		in.Roles = append(in.Roles, string(r))
	}
	for _, name := range u.regions {
		in.Regions = append(in.Regions, ids[name])
	}
	if u.email != AdminEmail {
		in.Password = pw
	}
	if _, err := orgs.CreateUser(sys, in); err != nil {
		return fmt.Errorf("demo: user %s: %w", u.email, err)
	}
	return nil
}

func randomPassword() string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic("demo: system random source failed: " + err.Error())
	}
	return "demo-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
