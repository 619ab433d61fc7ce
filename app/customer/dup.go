package customer

import (
	"errors"
	"net/url"
	"strings"
	"unicode"

	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Duplicate is an existing customer a new or edited one clashes with.
type Duplicate struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Reason string `json:"reason"` // credit_code, phone or name
}

// checkDuplicates is the duplicate guard: the same credit code is refused
// outright; the same phone, or a near-identical name in the same region,
// is a warning the user may override by giving a reason.
func checkDuplicates(tx *store.Tx, c Customer, overrideReason string) error {
	if err := creditCodeClash(tx, c); err != nil {
		return err
	}
	if strings.TrimSpace(overrideReason) != "" {
		return nil
	}
	dups, err := similarCustomers(tx, c)
	if err != nil || len(dups) == 0 {
		return err
	}
	pe := &problem.Error{Kind: problem.KindConflict, Key: "customer.warning.duplicate",
		Extra: map[string]any{"duplicates": dups, "override_field": "override_reason"}}
	for _, d := range dups {
		pe.Fields = append(pe.Fields, problem.FieldError{Field: d.Reason,
			Key: "customer.warning.duplicate_" + d.Reason, Args: []any{d.Name}})
	}
	return pe
}

func creditCodeClash(tx *store.Tx, c Customer) error {
	if c.CreditCode == "" {
		return nil
	}
	owner, err := tx.LookupUnique("customer", "credit_code", c.CreditCode)
	if errors.Is(err, store.ErrNotFound) || (err == nil && owner == c.ID) {
		return nil
	}
	if err != nil {
		return err
	}
	other, err := getCustomer(tx, owner)
	if err != nil {
		return err
	}
	return &problem.Error{Kind: problem.KindConflict, Key: "customer.error.credit_code_taken",
		Args:   []any{other.Name},
		Fields: []problem.FieldError{{Field: "credit_code", Key: "customer.error.credit_code_taken", Args: []any{other.Name}}},
		Extra:  map[string]any{"existing_id": other.ID, "existing_name": other.Name}}
}

// similarCustomers finds other live customers with the same phone or a
// near-identical name in the same region.
func similarCustomers(tx *store.Tx, c Customer) ([]Duplicate, error) {
	var dups []Duplicate
	seen := map[string]bool{c.ID: true}
	if c.Phone != "" {
		ids, err := tx.IndexIDs("customer", "phone", c.Phone)
		if err != nil {
			return nil, err
		}
		dups, err = addDuplicates(tx, dups, seen, ids, "phone")
		if err != nil {
			return nil, err
		}
	}
	ids, err := similarNames(tx, c.RegionID, nameKey(c.Name))
	if err != nil {
		return nil, err
	}
	return addDuplicates(tx, dups, seen, ids, "name")
}

func addDuplicates(tx *store.Tx, dups []Duplicate, seen map[string]bool, ids []string, reason string) ([]Duplicate, error) {
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		other, err := getCustomer(tx, id)
		if err != nil {
			return nil, err
		}
		dups = append(dups, Duplicate{ID: id, Name: other.Name, Reason: reason})
	}
	return dups, nil
}

// similarNames scans the region's name index for keys equal to key or one
// edit away from it (for names of four characters or more).
func similarNames(tx *store.Tx, region, key string) ([]string, error) {
	prefix := "idx/customer/name/" + url.PathEscape(region+"|")
	var ids []string
	err := tx.Scan(prefix, store.ScanOptions{KeysOnly: true}, func(k string, _ []byte) (bool, error) {
		escaped, id, ok := strings.Cut(k[len(prefix):], "/")
		other, err := url.PathUnescape(escaped)
		if ok && err == nil && nearlySame(key, other) {
			ids = append(ids, id)
		}
		return true, nil
	})
	return ids, err
}

func nearlySame(a, b string) bool {
	if a == b {
		return a != ""
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < 4 || len(rb) < 4 {
		return false
	}
	return editDistanceAtMostOne(ra, rb)
}

func editDistanceAtMostOne(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+1:]) == string(b[i+1:]) || i == len(a)
	}
	return string(a[i:]) == string(b[i+1:])
}

// companySuffixes are dropped before names are compared: 杭州西湖科技有限公司
// and 杭州西湖科技 are the same company.
var companySuffixes = []string{"股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司",
	"co.,ltd.", "co.,ltd", "co.ltd", "ltd.", "ltd", "inc.", "inc"}

// nameKey is a customer name reduced for comparison: half-width, lower
// case, without spaces, punctuation, bracketed parts or company suffixes.
func nameKey(name string) string {
	s := strings.ToLower(halfWidth(name))
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	for {
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			break
		}
		s = s[:open] + s[end+1:]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '.' && r != ',') {
			return -1
		}
		return r
	}, s)
	for _, suf := range companySuffixes {
		s = strings.TrimSuffix(s, suf)
	}
	return strings.Trim(s, ".,")
}
