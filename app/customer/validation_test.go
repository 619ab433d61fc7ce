package customer

import (
	"fmt"
	"maps"
	"testing"

	"github.com/frontline-crm/frontline/app/problem"
)

func TestValidCreditCode(t *testing.T) {
	cases := []struct {
		name string
		code string
		want bool
	}{
		// Built from realistic first 17 characters: registration body 9
		// (market regulation), category 1 (company), the district, then
		// the organisation code.
		{"Hangzhou Xihu district, MA-style", CompleteCreditCode("91330106MA27Y5H3X"), true},
		{"Shaoxing Keqiao, MA-style", CompleteCreditCode("91330603MA2BE1N70"), true},
		{"Shanghai Pudong, old organisation code", CompleteCreditCode("91310115607216823"), true},
		{"Shenzhen Nanshan", CompleteCreditCode("91440300MA5FTR2L4"), true},
		{"Beijing Haidian", CompleteCreditCode("91110108MA01R8UQ9"), true},
		{"check character 0", completeWithCheck(t, '0'), true},
		{"check character Y", completeWithCheck(t, 'Y'), true},
		// Published on the companies' business licences.
		{"深圳市腾讯计算机系统有限公司", "9144030071526726XG", true},
		{"华为技术有限公司", "914403001922038216", true},
		{"北京百度网讯科技有限公司", "91110000802100433B", true},
		{"小米科技有限责任公司", "91110108551385082Q", true},
		{"阿里巴巴（中国）有限公司", "91330100716105852F", true},

		{"wrong check character", swapLast("9144030071526726XG"), false},
		{"two characters swapped", "9144030017526726XG", false},
		{"17 characters", "9144030071526726X", false},
		{"19 characters", "9144030071526726XG0", false},
		{"empty", "", false},
		{"lower case before normalisation", "9144030071526726xg", false},
		{"spaces before normalisation", " 9144030071526726XG", false},
		{"full-width before normalisation", "９１４４０３００７１５２６７２６ＸＧ", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidCreditCode(tc.code); got != tc.want {
				t.Errorf("ValidCreditCode(%q) = %v, want %v", tc.code, got, tc.want)
			}
		})
	}
}

// completeWithCheck finds a realistic code whose check character is c,
// so both ends of the check range are covered.
func completeWithCheck(t *testing.T, c byte) string {
	t.Helper()
	for n := 0; n < 100000; n++ {
		code := CompleteCreditCode(fmt.Sprintf("91330106MA2%06d", n))
		if code[17] == c {
			return code
		}
	}
	t.Fatalf("no code with check character %c", c)
	return ""
}

// TestCreditCodeRefusesLettersOutsideTheAlphabet: I, O, S, V and Z are
// never part of a code, whatever check character follows.
func TestCreditCodeRefusesLettersOutsideTheAlphabet(t *testing.T) {
	for _, letter := range "IOSVZ" {
		t.Run(string(letter), func(t *testing.T) {
			for _, check := range creditAlphabet {
				code := "91330106MA27" + string(letter) + "5H3X" + string(check)
				if ValidCreditCode(code) {
					t.Fatalf("ValidCreditCode(%q) = true, want false", code)
				}
			}
			good := CompleteCreditCode("91330106MA27Y5H3X")
			if bad := good[:12] + string(letter) + good[13:]; ValidCreditCode(bad) {
				t.Errorf("ValidCreditCode(%q) = true, want false", bad)
			}
		})
	}
}

// swapLast replaces the check character with the next one of the alphabet.
func swapLast(code string) string {
	i := 0
	for i < len(creditAlphabet) && creditAlphabet[i] != code[17] {
		i++
	}
	return code[:17] + string(creditAlphabet[(i+1)%len(creditAlphabet)])
}

func TestNormalizeCreditCode(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"trimmed", "  9144030071526726XG\t", "9144030071526726XG"},
		{"upper-cased", "9144030071526726xg", "9144030071526726XG"},
		{"full-width digits and letters", "９１４４０３００７１５２６７２６ｘＧ", "9144030071526726XG"},
		{"ideographic space", "　9144030071526726XG　", "9144030071526726XG"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := NormalizeCreditCode(tc.in)
			if got != tc.want {
				t.Errorf("NormalizeCreditCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !ValidCreditCode(got) {
				t.Errorf("ValidCreditCode(%q) = false after normalising", got)
			}
		})
	}
}

func TestCompleteCreditCodeRoundTrip(t *testing.T) {
	for _, code := range []string{"9144030071526726XG", "914403001922038216", "91110000802100433B"} {
		if got := CompleteCreditCode(code[:17]); got != code {
			t.Errorf("CompleteCreditCode(%q) = %q, want %q", code[:17], got, code)
		}
	}
}

func TestNormalizeMobile(t *testing.T) {
	cases := []struct {
		name, in string
		want     string
		ok       bool
	}{
		{"plain", "13812345678", "13812345678", true},
		{"spaces", "138 1234 5678", "13812345678", true},
		{"dashes", "138-1234-5678", "13812345678", true},
		{"dots and brackets", "(138).1234.5678", "13812345678", true},
		{"+86", "+86 13812345678", "13812345678", true},
		{"+86 with dashes", "+86-138-1234-5678", "13812345678", true},
		{"0086", "0086-13812345678", "13812345678", true},
		{"86 without plus", "8613812345678", "13812345678", true},
		{"full-width digits", "１３８１２３４５６７８", "13812345678", true},
		{"full-width +86 and spaces", "＋８６　１９９ ０１２３ ４５６７", "19901234567", true},
		{"surrounding spaces", "  15712345678 ", "15712345678", true},
		{"second digit 2", "12812345678", "", false},
		{"second digit 0", "10812345678", "", false},
		{"ten digits", "1381234567", "", false},
		{"twelve digits", "138123456789", "", false},
		{"letters", "abc", "", false},
		{"landline", "0571-88886666", "", false},
		{"empty", "", "", false},
		{"86 prefix but too short", "861381234567", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := NormalizeMobile(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("NormalizeMobile(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		name, in string
		want     string
		ok       bool
	}{
		{"mobile", "138 1234 5678", "13812345678", true},
		{"mobile with +86", "+86 13812345678", "13812345678", true},
		{"landline with dash", "0571-88886666", "0571-88886666", true},
		{"landline without dash", "057188886666", "0571-88886666", true},
		{"area code in brackets", "(0571)88886666", "0571-88886666", true},
		{"full-width brackets", "（０５７１）８８８８６６６６", "0571-88886666", true},
		{"+86 drops the trunk 0", "+86 571 8888 6666", "0571-88886666", true},
		{"+86- prefix", "+86-571-88886666", "0571-88886666", true},
		{"extension", "0571-88886666-123", "0571-88886666-123", true},
		{"seven-digit local number", "0575-8512345", "0575-8512345", true},
		{"Beijing with dash", "010-62345678", "010-62345678", true},
		{"Beijing without dash", "01062345678", "010-62345678", true},
		{"Shanghai, +86", "+86 21 6888 6666", "021-68886666", true},
		{"Guangzhou in brackets", "(020)38886666", "020-38886666", true},
		{"Shenzhen", "0755 2688 8888", "0755-26888888", true},
		{"invalid mobile", "12812345678", "", false},
		{"too short", "1381234567", "", false},
		{"letters", "abc", "", false},
		{"local number starting with 1", "0571-18886666", "", false},
		{"no area code", "88886666", "", false},
		{"empty", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := NormalizePhone(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNameKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"杭州西湖科技有限公司", "杭州西湖科技"},
		{"杭州西湖科技", "杭州西湖科技"},
		{"杭州西湖科技股份有限公司", "杭州西湖科技"},
		{"杭州西湖科技有限责任公司", "杭州西湖科技"},
		{"杭州西湖科技集团", "杭州西湖科技"},
		{"杭州西湖科技（集团）有限公司", "杭州西湖科技"},
		{"杭州 西湖·科技 有限公司", "杭州西湖科技"},
		{"Hangzhou Xihu Tech Co., Ltd.", "hangzhouxihutech"},
		{"ＡＢＣ　Ｔｒａｄｉｎｇ Ｌｔｄ", "abctrading"},
		{"有限公司", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := nameKey(tc.in); got != tc.want {
				t.Errorf("nameKey(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNearlySame(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want bool
	}{
		{"equal", "杭州西湖科技", "杭州西湖科技", true},
		{"one substitution", "杭州西湖科技", "杭州西湖科枝", true},
		{"one insertion", "杭州西湖科技", "杭州西湖高科技", true},
		{"one deletion at the end", "杭州西湖科技", "杭州西湖科", true},
		{"two substitutions", "杭州西湖科技", "杭州东湖软件", false},
		{"transposition is two edits", "杭州西湖科技", "杭州湖西科技", false},
		{"short names must be equal", "西湖科", "西湖料", false},
		{"empty keys never match", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := nearlySame(tc.a, tc.b); got != tc.want {
				t.Errorf("nearlySame(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// customSettings adds one custom field of each type.
func customSettings() Settings {
	set := DefaultSettings()
	set.Fields = []Field{
		{Key: "employees", Name: "员工人数", Type: FieldNumber},
		{Key: "founded", Name: "成立日期", Type: FieldDate},
		{Key: "erp", Name: "现用ERP", Type: FieldChoice, Choices: []string{"用友", "金蝶", "SAP", "无"}},
		{Key: "note", Name: "备注", Type: FieldText},
		{Key: "tax_no", Name: "税号", Type: FieldText, Required: true},
	}
	return set
}

func TestCustomFields(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SaveSettings(f.as["admin"], customSettings()); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		custom map[string]any
		field  string // "" when valid
		key    string
		want   map[string]any
	}{
		{"all valid, numbers from JSON", map[string]any{"employees": 120.0, "founded": "2015-06-01", "erp": "金蝶",
			"note": "  工厂在萧山  ", "tax_no": "X1"},
			"", "", map[string]any{"employees": 120.0, "founded": "2015-06-01", "erp": "金蝶", "note": "工厂在萧山",
				"tax_no": "X1"}},
		{"number from a form string", map[string]any{"employees": " 85 ", "tax_no": "X1"}, "", "",
			map[string]any{"employees": 85.0, "tax_no": "X1"}},
		{"empty optional values are dropped", map[string]any{"employees": "", "note": nil, "tax_no": "X1"}, "", "",
			map[string]any{"tax_no": "X1"}},
		{"required missing", map[string]any{"employees": 3.0}, "custom.tax_no", "customer.error.custom_required", nil},
		{"required empty", map[string]any{"tax_no": ""}, "custom.tax_no", "customer.error.custom_required", nil},
		{"not a number", map[string]any{"employees": "很多", "tax_no": "X1"}, "custom.employees",
			"customer.error.custom_number", nil},
		{"not a date", map[string]any{"founded": "2015-02-30", "tax_no": "X1"}, "custom.founded",
			"customer.error.custom_date", nil},
		{"date in another format", map[string]any{"founded": "2015/06/01", "tax_no": "X1"}, "custom.founded",
			"customer.error.custom_date", nil},
		{"choice not offered", map[string]any{"erp": "Oracle", "tax_no": "X1"}, "custom.erp",
			"customer.error.custom_choice", nil},
		{"text too long", map[string]any{"note": string(make([]rune, 501)), "tax_no": "X1"}, "custom.note",
			"customer.error.custom_text", nil},
		{"unknown key", map[string]any{"colour": "red", "tax_no": "X1"}, "custom.colour",
			"customer.error.custom_unknown", nil},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := f.input("杭州", fmt.Sprintf("杭州自定义字段%c%c有限公司", '甲'+rune(i*7), '乙'+rune(i*11)))
			in.Custom = tc.custom
			c, err := f.svc.Create(f.as["repA"], in)
			if tc.field != "" {
				wantProblem(t, err, problem.KindValidation, tc.field, tc.key)
				return
			}
			wantOK(t, err)
			if !maps.Equal(c.Custom, tc.want) {
				t.Errorf("custom = %v, want %v", c.Custom, tc.want)
			}
		})
	}
}

func TestSaveSettingsValidation(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name       string
		edit       func(*Settings)
		field, key string
	}{
		{"unknown default status", func(s *Settings) { s.DefaultStatus = "hot" }, "default_status",
			"customer.error.status_unknown"},
		{"keyword to an unknown tag", func(s *Settings) { s.Keywords["回款"] = "回款风险" }, "keywords",
			"customer.error.keyword_tag_unknown"},
		{"no statuses", func(s *Settings) { s.Statuses = nil }, "statuses", "customer.error.statuses_required"},
		{"duplicate status key", func(s *Settings) { s.Statuses = append(s.Statuses, Status{Key: "new", Name: "新"}) },
			"statuses", "customer.error.status_invalid"},
		{"status without a name", func(s *Settings) { s.Statuses[1].Name = " " }, "statuses",
			"customer.error.status_invalid"},
		{"tag too long", func(s *Settings) { s.Tags = append(s.Tags, string(make([]rune, 21))) }, "tags",
			"customer.error.tag_too_long"},
		{"bad field key", func(s *Settings) { s.Fields = []Field{{Key: "Tax No", Name: "税号", Type: FieldText}} },
			"fields", "customer.error.field_invalid"},
		{"choice field without choices", func(s *Settings) {
			s.Fields = []Field{{Key: "erp", Name: "ERP", Type: FieldChoice}}
		}, "fields", "customer.error.field_invalid"},
		{"unknown field type", func(s *Settings) { s.Fields = []Field{{Key: "x", Name: "X", Type: "money"}} },
			"fields", "customer.error.field_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set := DefaultSettings()
			tc.edit(&set)
			_, err := f.svc.SaveSettings(f.as["admin"], set)
			wantProblem(t, err, problem.KindValidation, tc.field, tc.key)
		})
	}
	t.Run("only admins", func(t *testing.T) {
		_, err := f.svc.SaveSettings(f.as["director"], DefaultSettings())
		wantProblem(t, err, problem.KindForbidden, "", "")
	})
	t.Run("valid settings are cleaned and kept", func(t *testing.T) {
		set := DefaultSettings()
		set.Tags = append(set.Tags, " 回款风险 ", "回款风险", "")
		set.Keywords[" 回款 "] = "回款风险"
		saved, err := f.svc.SaveSettings(f.as["admin"], set)
		wantOK(t, err)
		got, err := f.svc.Settings()
		wantOK(t, err)
		if got.Keywords["回款"] != "回款风险" || len(got.Tags) != len(DefaultSettings().Tags)+1 ||
			len(saved.Tags) != len(got.Tags) {
			t.Errorf("tags %q, keyword 回款 → %q; want one 回款风险 tag and its keyword", got.Tags, got.Keywords["回款"])
		}
	})
}

func TestSettingsStatusInUse(t *testing.T) {
	f := newFixture(t)
	admin := f.as["admin"]
	c := f.create(f.as["repA"], f.input("杭州", "杭州西湖科技有限公司"))
	if _, err := f.svc.ChangeStatus(f.as["repA"], c.ID, StatusQuoted, ""); err != nil {
		t.Fatal(err)
	}
	without := func(key string) Settings {
		set := DefaultSettings()
		set.Statuses = nil
		for _, st := range DefaultSettings().Statuses {
			if st.Key != key {
				set.Statuses = append(set.Statuses, st)
			}
		}
		return set
	}

	_, err := f.svc.SaveSettings(admin, without(StatusQuoted))
	wantProblem(t, err, problem.KindValidation, "statuses", "customer.error.status_in_use")
	_, err = f.svc.SaveSettings(admin, without(StatusUnclear))
	wantOK(t, err)

	// A status key outside the URL-safe characters is matched as stored.
	set := without(StatusUnclear)
	set.Statuses = append(set.Statuses, Status{Key: "待 回访", Name: "待回访"})
	_, err = f.svc.SaveSettings(admin, set)
	wantOK(t, err)
	if _, err := f.svc.ChangeStatus(f.as["repA"], c.ID, "待 回访", "月底再联系"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.SaveSettings(admin, set)
	wantOK(t, err)
	set.Statuses = set.Statuses[:len(set.Statuses)-1]
	_, err = f.svc.SaveSettings(admin, set)
	wantProblem(t, err, problem.KindValidation, "statuses", "customer.error.status_in_use")
}

func TestAutoTags(t *testing.T) {
	set := DefaultSettings()
	cases := []struct {
		name   string
		notes  string
		chosen []string
		want   []string
	}{
		{"none", "只是寒暄", nil, []string{}},
		{"one", "希望账期 60 天", nil, []string{"账期诉求"}},
		{"chosen by hand", "希望账期 60 天", []string{"账期诉求"}, []string{}},
		{"two words, one tag, once", "太贵了，能不能降价", nil, []string{"价格异议"}},
		{"stable order by keyword", "对手和竞品都在，账期也谈了", nil, []string{"竞品介入", "账期诉求"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := set.AutoTags(tc.notes, tc.chosen)
			if !sameStrings(got, tc.want) || len(got) != len(tc.want) {
				t.Errorf("AutoTags(%q, %q) = %q, want %q", tc.notes, tc.chosen, got, tc.want)
			}
			if again := set.AutoTags(tc.notes, tc.chosen); fmt.Sprint(again) != fmt.Sprint(got) {
				t.Errorf("AutoTags not stable: %q then %q", got, again)
			}
		})
	}
}
