package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/server"
	"github.com/frontline-crm/frontline/embedui"
)

// withApp opens the data directory, runs fn and closes it again.
func withApp(d *dataFlags, fn func(*server.App) error) error {
	a, err := d.open()
	if err != nil {
		return err
	}
	fnErr := fn(a)
	return errors.Join(fnErr, a.Close())
}

// explain turns a user-facing error into English sentences for the
// terminal, one per field.
func explain(err error) error {
	pe, ok := problem.As(err)
	if !ok {
		return err
	}
	cats, loadErr := i18n.Load(embedui.Locales, "locales")
	if loadErr != nil {
		return err
	}
	if len(pe.Fields) == 0 {
		return errors.New(cats.T(i18n.EN, pe.Key, pe.Args...))
	}
	lines := make([]string, len(pe.Fields))
	for i, f := range pe.Fields {
		lines[i] = fmt.Sprintf("--%s: %s", f.Field, cats.T(i18n.EN, f.Key, f.Args...))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// resolveRegions maps names, "a/b/c" paths or ids to region ids.
func resolveRegions(a *server.App, given []string) ([]string, error) {
	tree, err := a.Org.Tree(access.SystemPrincipal)
	if err != nil {
		return nil, err
	}
	flat := org.Flatten(tree)
	ids := []string{}
	for _, g := range given {
		id, err := findRegion(flat, g)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func findRegion(flat []*org.TreeNode, given string) (string, error) {
	path := strings.Join(strings.FieldsFunc(given, func(r rune) bool { return r == '/' }), " / ")
	var byName []string
	for _, n := range flat {
		if n.ID == given || n.Path == path {
			return n.ID, nil
		}
		if n.Name == given {
			byName = append(byName, n.ID)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return "", fmt.Errorf("--region: no region %q", given)
	}
	return "", fmt.Errorf("--region: %q names %d regions; give the path, e.g. 华东/浙江/杭州", given, len(byName))
}

func rolesList() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ") + " (comma-separate several)"
}

func splitRoles(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

func joinRoles(roles []access.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
