package customer

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// Status is one of the admin-editable customer statuses. Key is stable
// (customers store it); Name is what people read.
type Status struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Closed marks statuses that end the sales effort (won, lost): such
	// customers do not return to the pool.
	Closed bool `json:"closed,omitempty"`
}

// Settings are the admin-editable lists behind customer activity.
type Settings struct {
	Statuses []Status `json:"statuses"`
	// Tags are the talk tags a follow-up may carry.
	Tags []string `json:"tags"`
	// Keywords map a word or phrase found in notes to the tag it adds.
	Keywords map[string]string `json:"keywords"`
	// DefaultStatus is the key new customers start with.
	DefaultStatus string `json:"default_status"`
	// Fields are the admin-defined custom fields of customers.
	Fields []Field `json:"fields"`
}

// Status keys of the default statuses, which rules and the demo refer to.
const (
	StatusNew       = "new"
	StatusFollowing = "following"
	StatusQuoted    = "quoted"
	StatusUnclear   = "unclear"
	StatusWon       = "won"
	StatusLost      = "lost"
)

// DefaultSettings are what a new installation starts with.
func DefaultSettings() Settings {
	return Settings{
		Statuses: []Status{
			{Key: StatusNew, Name: "新线索"}, {Key: StatusFollowing, Name: "跟进中"},
			{Key: StatusQuoted, Name: "已报价待确认"}, {Key: StatusUnclear, Name: "需求模糊需再沟通"},
			{Key: StatusWon, Name: "已成交", Closed: true}, {Key: StatusLost, Name: "已流失", Closed: true},
		},
		Tags: []string{"提及预算紧张", "询问交付周期", "技术方案对比", "价格异议", "竞品介入", "决策人参与", "预算已批",
			"账期诉求", "国产替代顾虑"},
		Keywords: map[string]string{
			"账期": "账期诉求", "国产替代": "国产替代顾虑", "预算紧": "提及预算紧张", "交期": "询问交付周期",
			"交付周期": "询问交付周期", "太贵": "价格异议", "降价": "价格异议", "竞品": "竞品介入", "对手": "竞品介入",
			"预算批": "预算已批", "老板": "决策人参与", "总经理": "决策人参与",
		},
		DefaultStatus: StatusNew,
	}
}

const settingsKey = "settings/customer"

// LoadSettings returns the stored settings, or the defaults.
func LoadSettings(tx *store.Tx) (Settings, error) {
	return loadStored(tx, settingsKey, DefaultSettings)
}

// Settings returns the current settings; every signed-in user may read
// them (forms need the lists).
func (s *Service) Settings() (Settings, error) {
	return viewStored(s.db, LoadSettings)
}

// SaveSettings replaces the settings (admins). A status still used by a
// customer cannot be removed; removing a tag keeps it on past follow-ups.
func (s *Service) SaveSettings(p *access.Principal, set Settings) (Settings, error) {
	if err := p.RequireAdmin(); err != nil {
		return Settings{}, err
	}
	set = cleanSettings(set)
	err := s.db.Update(func(tx *store.Tx) error {
		if err := checkSettings(tx, set); err != nil {
			return err
		}
		if err := tx.PutJSON(settingsKey, set); err != nil {
			return err
		}
		return s.event(tx, p, "settings.customer", settingsKey, map[string]any{
			"statuses": len(set.Statuses), "tags": len(set.Tags), "keywords": len(set.Keywords)})
	})
	return set, err
}

func cleanSettings(set Settings) Settings {
	for i := range set.Statuses {
		set.Statuses[i].Key = strings.TrimSpace(set.Statuses[i].Key)
		set.Statuses[i].Name = strings.TrimSpace(set.Statuses[i].Name)
	}
	set.Tags = dedupe(set.Tags)
	keywords := map[string]string{}
	for k, v := range set.Keywords {
		if k, v = strings.TrimSpace(k), strings.TrimSpace(v); k != "" {
			keywords[k] = v
		}
	}
	set.Keywords = keywords
	return set
}

func checkSettings(tx *store.Tx, set Settings) error {
	var v problem.Validation
	keys := map[string]bool{}
	for _, st := range set.Statuses {
		if st.Key == "" || st.Name == "" || utf8.RuneCountInString(st.Name) > 30 || keys[st.Key] {
			v.Add("statuses", "customer.error.status_invalid", st.Name)
			break
		}
		keys[st.Key] = true
	}
	checkFields(&v, set.Fields)
	if len(set.Statuses) == 0 {
		v.Add("statuses", "customer.error.statuses_required")
	}
	if !keys[set.DefaultStatus] {
		v.Add("default_status", "customer.error.status_unknown", set.DefaultStatus)
	}
	for _, t := range set.Tags {
		if utf8.RuneCountInString(t) > 20 {
			v.Add("tags", "customer.error.tag_too_long", t)
			break
		}
	}
	for word, tag := range set.Keywords {
		if !slices.Contains(set.Tags, tag) {
			v.Add("keywords", "customer.error.keyword_tag_unknown", word, tag)
			break
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return statusesInUse(tx, keys)
}

// statusesInUse refuses to drop a status some customer still has.
func statusesInUse(tx *store.Tx, keep map[string]bool) error {
	var missing string
	err := tx.Scan(store.Key("idx", "customer", "status")+"/", store.ScanOptions{KeysOnly: true},
		func(key string, _ []byte) (bool, error) {
			rest := strings.TrimPrefix(key, "idx/customer/status/")
			escaped, _, _ := strings.Cut(rest, "/")
			status, err := url.PathUnescape(escaped) // index values are path-escaped
			if err != nil {
				return false, err
			}
			if !keep[status] {
				missing = status
				return false, nil
			}
			return true, nil
		})
	if err != nil || missing == "" {
		return err
	}
	var v problem.Validation
	v.Add("statuses", "customer.error.status_in_use", missing)
	return v.Err()
}

// statusByKey finds a status in the settings.
func (set Settings) statusByKey(key string) (Status, bool) {
	for _, st := range set.Statuses {
		if st.Key == key {
			return st, true
		}
	}
	return Status{}, false
}

// AutoTags returns the tags whose keywords occur in notes, without those
// already chosen by hand, in a stable order.
func (set Settings) AutoTags(notes string, chosen []string) []string {
	out := []string{}
	words := make([]string, 0, len(set.Keywords))
	for w := range set.Keywords {
		words = append(words, w)
	}
	slices.Sort(words)
	for _, w := range words {
		tag := set.Keywords[w]
		if strings.Contains(notes, w) && !slices.Contains(chosen, tag) && !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out
}

func dedupe(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// loadStored returns the JSON value stored under key, or def() when none
// is stored yet: every admin-editable rule set starts from its defaults.
func loadStored[T any](tx *store.Tx, key string, def func() T) (T, error) {
	var v T
	err := tx.GetJSON(key, &v)
	if errors.Is(err, store.ErrNotFound) {
		return def(), nil
	}
	return v, err
}

// viewStored runs one Load function in its own read transaction.
func viewStored[T any](db *store.DB, load func(*store.Tx) (T, error)) (T, error) {
	var v T
	err := db.View(func(tx *store.Tx) error {
		var err error
		v, err = load(tx)
		return err
	})
	return v, err
}
