package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/embedui"
)

func loadCatalogs(t *testing.T) i18n.Catalogs {
	t.Helper()
	cat, err := i18n.Load(embedui.Locales, "locales")
	if err != nil {
		t.Fatalf("load catalogs: %v", err)
	}
	return cat
}

// TestCatalogsHaveTheSameKeys keeps zh-CN.json and en.json complete: every
// key in one is in the other, with a message.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	cat := loadCatalogs(t)
	for _, pair := range [][2]string{{i18n.ZH, i18n.EN}, {i18n.EN, i18n.ZH}} {
		var missing []string
		for _, key := range cat.Keys(pair[0]) {
			if _, ok := cat[pair[1]][key]; !ok {
				missing = append(missing, key)
			}
			if strings.TrimSpace(cat[pair[0]][key]) == "" {
				t.Errorf("%s.json: %s has an empty message", pair[0], key)
			}
		}
		if len(missing) > 0 {
			t.Errorf("keys in %s.json but not in %s.json:\n  %s", pair[0], pair[1], strings.Join(missing, "\n  "))
		}
	}
}

// TestUsedKeysExist checks that every key the templates and the Go code
// ask for is in both catalogs, so no page ever shows a raw key.
func TestUsedKeysExist(t *testing.T) {
	cat := loadCatalogs(t)
	used := map[string][]string{} // key → where it is used
	add := func(where string, keys ...string) {
		for _, k := range keys {
			used[k] = append(used[k], where)
		}
	}

	goKeys, kinds := goSourceKeys(t)
	for k, where := range goKeys {
		add(where, k)
	}
	for _, k := range []string{"problem.csrf", "problem.limit_range", "flash.logged_out", "login.title",
		"password.error.too_short", "auth.error.rate_limited", "region.error.has_children",
		"user.error.email_taken", "token.error.name_required", "time.today", "problem.internal"} {
		if _, ok := goKeys[k]; !ok {
			t.Errorf("the Go scan did not find %s: the scan is broken", k)
		}
	}
	for _, k := range []string{"auth.login", "auth.login_failed", "auth.logout", "user.create", "user.disable",
		"user.roles_change", "region.create", "token.create", "token.revoke"} {
		if !kinds[k] {
			t.Errorf("the Go scan did not find the event kind %s: the scan is broken", k)
		}
	}

	for _, it := range navItems {
		add("nav.go", it.Label)
		if it.Section != "" {
			add("nav.go", it.Section)
		}
	}
	for _, info := range kindInfo {
		add("problem.go kindInfo", "problem.title."+info.slug)
	}
	add("problem.go handleError", "problem.title.internal")

	// printf patterns of templates and their values: role names, the
	// home page of each role (mainRole may pick any), event kinds.
	expand := map[string][]string{}
	for _, r := range access.Roles {
		for _, p := range []string{"role.%s", "home.%s.title", "home.%s.empty_title", "home.%s.empty_text"} {
			expand[p] = append(expand[p], string(r))
		}
	}
	for kind := range kinds {
		expand["event.%s"] = append(expand["event.%s"], kind)
	}
	// The dynamic keys exist whether or not a template uses them today.
	for pattern, values := range expand {
		for _, v := range values {
			add("expansion of "+pattern, strings.Replace(pattern, "%s", v, 1))
		}
	}

	for k, where := range templateKeys(t, expand) {
		add(where, k)
	}

	var missing []string
	for key, where := range used {
		if !cat.Has(key) {
			missing = append(missing, key+" (used in "+strings.Join(dedupe(where), ", ")+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys used but missing from a catalog:\n  %s", strings.Join(missing, "\n  "))
	}
}

var (
	// tmplLiteral is .T "key", $.T "key" or $v.T "key".
	tmplLiteral = regexp.MustCompile(`(?:\$\w*)?\.T "([^"]+)"`)
	// tmplPrintf is .T (printf "pattern" …).
	tmplPrintf = regexp.MustCompile(`\.T \(printf "([^"]+)"`)
	// tmplOther is .T given anything else: a field holding a key.
	tmplOther = regexp.MustCompile(`\.T ([^"(\s}][^\s}]*)`)
	// tmplList is {{range (list "a" "b" …)}}, whose items fill a printf
	// pattern on the same line.
	tmplList = regexp.MustCompile(`range \(list((?: "[^"]+")+)\)`)
)

// templateKeys returns every key the templates name, with printf patterns
// expanded by expand or by a list ranged over on the same line. A pattern
// or a key-holding field the test does not know fails it.
func templateKeys(t *testing.T, expand map[string][]string) map[string]string {
	t.Helper()
	// Fields whose keys come from Go: View.Title is the title given to
	// s.view, navLink.Label and Section come from navItems.
	fromGo := map[string]bool{".Title": true, ".Label": true, ".Section": true}
	keys := map[string]string{}
	n := 0
	err := fs.WalkDir(embedui.Templates, "templates", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
			return err
		}
		n++
		raw, err := fs.ReadFile(embedui.Templates, name)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(raw), "\n") {
			where := name + ":" + strconv.Itoa(i+1)
			for _, m := range tmplLiteral.FindAllStringSubmatch(line, -1) {
				keys[m[1]] = where
			}
			var listed []string
			if m := tmplList.FindStringSubmatch(line); m != nil {
				for _, q := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
					listed = append(listed, q[1])
				}
			}
			for _, m := range tmplPrintf.FindAllStringSubmatch(line, -1) {
				values, ok := expand[m[1]]
				if listed != nil {
					values, ok = listed, true
				}
				if !ok {
					t.Errorf("%s: key pattern %q: teach this test its values", where, m[1])
				}
				for _, v := range values {
					keys[strings.Replace(m[1], "%s", v, 1)] = where
				}
			}
			for _, m := range tmplOther.FindAllStringSubmatch(line, -1) {
				if !fromGo[m[1]] {
					t.Errorf("%s: .T %s: teach this test where that key comes from", where, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk templates: %v", err)
	}
	if n < 5 || len(keys) < 50 {
		t.Fatalf("read %d templates with %d keys: the scan is broken", n, len(keys))
	}
	return keys
}

// keyPackages are the packages whose messages reach people.
var keyPackages = []string{".", "../auth", "../org", "../password", "../problem", "../access", "../i18n"}

// goSourceKeys parses the Go code (not tests) and returns the message keys
// it names literally, with where, and the event kinds it writes.
//
// Keys are found where the code hands them on: problem.New(kind, "key"),
// v.Add("field", "key"), s.flash(c, "key"), s.view(c, "key", …),
// Catalogs.T(locale, "key"), the fields Key, Label and Section of
// composite literals, and "a.b.c" keys returned by functions such as
// password.Acceptable. Event kinds are the dotted "area.action" literals
// of app/ that the audit log counts as security events.
func goSourceKeys(t *testing.T) (keys map[string]string, kinds map[string]bool) {
	t.Helper()
	keys, kinds = map[string]string{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range keyPackages {
		for _, f := range parseDir(t, fset, dir) {
			ast.Inspect(f, func(n ast.Node) bool {
				for _, lit := range keyLiterals(n) {
					if k, err := strconv.Unquote(lit.Value); err == nil {
						keys[k] = fset.Position(lit.Pos()).String()
					}
				}
				return true
			})
		}
	}
	kind := regexp.MustCompile(`^[a-z]+\.[a-z_]+$`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		for _, f := range parseDir(t, fset, path) {
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && kind.MatchString(s) && audit.IsSecurity(s) {
					kinds[s] = true
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk app: %v", err)
	}
	return keys, kinds
}

// parseDir parses the non-test Go files of one directory.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		files = append(files, f)
	}
	return files
}

// keyLiterals returns the string literals of n that are message keys.
func keyLiterals(n ast.Node) []*ast.BasicLit {
	switch n := n.(type) {
	case *ast.CallExpr:
		sel, ok := n.Fun.(*ast.SelectorExpr)
		if !ok || len(n.Args) < 2 {
			return nil
		}
		second := stringLit(n.Args[1])
		switch {
		case sel.Sel.Name == "New" && isIdent(sel.X, "problem"),
			sel.Sel.Name == "flash", sel.Sel.Name == "view", sel.Sel.Name == "T",
			sel.Sel.Name == "Add" && stringLit(n.Args[0]) != nil:
			if second != nil {
				return []*ast.BasicLit{second}
			}
		}
	case *ast.KeyValueExpr:
		if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Key" || k.Name == "Label" || k.Name == "Section") {
			if lit := stringLit(n.Value); lit != nil {
				return []*ast.BasicLit{lit}
			}
		}
	case *ast.ReturnStmt:
		var out []*ast.BasicLit
		for _, r := range n.Results {
			if lit := stringLit(r); lit != nil && strings.Count(lit.Value, ".") >= 2 &&
				regexp.MustCompile(`^"[a-z_]+(\.[a-z_]+)+"$`).MatchString(lit.Value) {
				out = append(out, lit)
			}
		}
		return out
	}
	return nil
}

func stringLit(e ast.Expr) *ast.BasicLit {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return nil
	}
	return lit
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
