package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/store"
)

// problemCodes is a problem document with its stable codes and the
// extension members of conflicts.
type problemCodes struct {
	Status        int    `json:"status"`
	Code          string `json:"code"`
	ExistingID    string `json:"existing_id"`
	OverrideField string `json:"override_field"`
	Duplicates    []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"duplicates"`
	Errors []struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func decodeProblem(t *testing.T, r *response) problemCodes {
	t.Helper()
	var p problemCodes
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("decode problem %s: %v", clip(r.body), err)
	}
	return p
}

// code returns the code given for field, or "".
func (p problemCodes) code(field string) string {
	for _, f := range p.Errors {
		if f.Field == field {
			return f.Code
		}
	}
	return ""
}

// TestCustomerAPIBadInput sends wrong input of every kind to the customer
// API and checks each answer names the field and its stable code, in
// Chinese, and changes nothing.
func TestCustomerAPIBadInput(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州甲公司"})
	other := e.seedCustomer("rep", customer.Input{Name: "杭州乙公司"})
	ct, err := e.cust.AddContact(e.principal("rep"), c.ID, customer.ContactInput{Name: "甲联系人"})
	if err != nil {
		t.Fatal(err)
	}
	otherContact, err := e.cust.AddContact(e.principal("rep"), other.ID, customer.ContactInput{Name: "乙联系人"})
	if err != nil {
		t.Fatal(err)
	}
	f := e.seedFollowUp("rep", c.ID, "初次拜访")
	hz := e.region["杭州"]
	newCustomer := func(extra map[string]any) map[string]any {
		in := map[string]any{"name": "杭州新客户", "region_id": hz, "level": "B"}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}
	followUp := func(extra map[string]any) map[string]any {
		in := map[string]any{"customer_id": c.ID, "kind": "call"}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}
	code := customer.CompleteCreditCode("91330106MA2B3C4D5")
	wrongCheck := code[:17] + map[bool]string{true: "1", false: "2"}[code[17] != '1']
	unknown := store.NewID(t0)
	for _, tc := range []struct {
		name, method, path string
		body               any
		field, key         string
	}{
		{"missing name", "POST", "/api/v1/customers", newCustomer(map[string]any{"name": " "}), "name",
			"customer.error.name_required"},
		{"level D", "POST", "/api/v1/customers", newCustomer(map[string]any{"level": "D"}), "level",
			"customer.error.level_invalid"},
		{"no region", "POST", "/api/v1/customers", newCustomer(map[string]any{"region_id": ""}), "region_id",
			"customer.error.region_required"},
		{"unknown region", "POST", "/api/v1/customers", newCustomer(map[string]any{"region_id": unknown}),
			"region_id", "customer.error.region_unknown"},
		{"region outside the rep's", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"region_id": e.region["深圳"]}), "region_id", "customer.error.region_outside"},
		{"credit code with a wrong check character", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"credit_code": wrongCheck}), "credit_code", "customer.error.credit_code_invalid"},
		{"credit code of 17 characters", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"credit_code": code[:17]}), "credit_code", "customer.error.credit_code_invalid"},
		{"credit code of 19 characters", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"credit_code": code + "0"}), "credit_code", "customer.error.credit_code_invalid"},
		{"credit code with an O", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"credit_code": "9133O106MA2B3C4D5" + code[17:]}), "credit_code",
			"customer.error.credit_code_invalid"},
		{"phone too short", "POST", "/api/v1/customers", newCustomer(map[string]any{"phone": "12345"}), "phone",
			"customer.error.phone_invalid"},
		{"mobile of 10 digits", "POST", "/api/v1/customers", newCustomer(map[string]any{"phone": "1381234567"}),
			"phone", "customer.error.phone_invalid"},
		{"landline without enough digits", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"phone": "0571-1234"}), "phone", "customer.error.phone_invalid"},
		{"phone in words", "POST", "/api/v1/customers", newCustomer(map[string]any{"phone": "前台电话"}), "phone",
			"customer.error.phone_invalid"},
		{"rep gives the customer away", "POST", "/api/v1/customers",
			newCustomer(map[string]any{"owner_id": e.account("rep3").ID}), "owner_id", "customer.error.owner_not_allowed"},
		{"unknown status", "POST", "/api/v1/customers", newCustomer(map[string]any{"status": "hot"}), "status",
			"customer.error.status_unknown"},
		{"unknown custom field", "POST", "/api/v1/customers", newCustomer(map[string]any{"custom": map[string]int{"x": 1}}),
			"custom.x", "customer.error.custom_unknown"},
		{"product lines not a list", "POST", "/api/v1/customers", newCustomer(map[string]any{"product_lines": "ERP"}),
			"product_lines", "problem.field_type"},
		{"unknown member", "POST", "/api/v1/customers", newCustomer(map[string]any{"vip": true}), "vip",
			"problem.field_unknown"},
		{"patch the status", "PATCH", "/api/v1/customers/" + c.ID, `{"status": "won"}`, "status",
			"customer.error.status_by_action"},
		{"patch the owner", "PATCH", "/api/v1/customers/" + c.ID, map[string]string{"owner_id": e.account("rep3").ID},
			"owner_id", "customer.error.owner_by_action"},
		{"patch a member in the wrong case", "PATCH", "/api/v1/customers/" + c.ID, `{"Name": "x"}`, "Name",
			"problem.field_unknown"},
		{"patch an unknown member", "PATCH", "/api/v1/customers/" + c.ID, `{"id": "x"}`, "id",
			"problem.field_unknown"},
		{"patch a wrong type", "PATCH", "/api/v1/customers/" + c.ID, `{"level": 1}`, "level", "problem.field_type"},
		{"patch an invalid phone", "PATCH", "/api/v1/customers/" + c.ID, `{"phone": "110"}`, "phone",
			"customer.error.phone_invalid"},
		{"contact without a name", "POST", "/api/v1/customers/" + c.ID + "/contacts", `{"title": "x"}`, "name",
			"contact.error.name_required"},
		{"contact with a bad e-mail", "POST", "/api/v1/customers/" + c.ID + "/contacts",
			`{"name": "x", "email": "x@"}`, "email", "contact.error.email_invalid"},
		{"contact with a landline as mobile", "POST", "/api/v1/customers/" + c.ID + "/contacts",
			`{"name": "x", "mobile": "0571-88886666"}`, "mobile", "contact.error.mobile_invalid"},
		{"contact with an unknown role", "POST", "/api/v1/customers/" + c.ID + "/contacts",
			`{"name": "x", "decision_role": "boss"}`, "decision_role", "contact.error.decision_role_invalid"},
		{"follow-up without a customer", "POST", "/api/v1/followups", followUp(map[string]any{"customer_id": ""}),
			"customer_id", "followup.error.customer_required"},
		{"follow-up on a missing customer", "POST", "/api/v1/followups",
			followUp(map[string]any{"customer_id": unknown}), "customer_id", "followup.error.customer_unknown"},
		{"follow-up on a malformed customer id", "POST", "/api/v1/followups",
			followUp(map[string]any{"customer_id": "../x"}), "customer_id", "followup.error.customer_unknown"},
		{"follow-up with an unknown tag", "POST", "/api/v1/followups",
			followUp(map[string]any{"tags": []string{"价格异议", "很想买"}}), "tags", "followup.error.tag_unknown"},
		{"follow-up with an unknown contact", "POST", "/api/v1/followups",
			followUp(map[string]any{"contact_id": unknown}), "contact_id", "followup.error.contact_unknown"},
		{"follow-up with another customer's contact", "POST", "/api/v1/followups",
			followUp(map[string]any{"contact_id": otherContact.ID}), "contact_id", "followup.error.contact_unknown"},
		{"follow-up in the future", "POST", "/api/v1/followups",
			followUp(map[string]any{"occurred_at": t0.Add(time.Hour)}), "occurred_at", "followup.error.in_future"},
		{"follow-up of an unknown kind", "POST", "/api/v1/followups", followUp(map[string]any{"kind": "fax"}),
			"kind", "followup.error.kind_invalid"},
		{"follow-up of negative duration", "POST", "/api/v1/followups",
			followUp(map[string]any{"duration_min": -5}), "duration_min", "followup.error.duration_invalid"},
		{"follow-up due without a next step", "POST", "/api/v1/followups",
			followUp(map[string]any{"next_due": t0.Add(24 * time.Hour)}), "next_step",
			"followup.error.next_step_required"},
		{"follow-up with an unknown photo", "POST", "/api/v1/followups",
			followUp(map[string]any{"photos": []string{strings.Repeat("ab", 32)}}), "photos",
			"followup.error.photo_unknown"},
		{"follow-up off the map", "POST", "/api/v1/followups",
			followUp(map[string]any{"location": map[string]float64{"lat": 91, "lng": 0}}), "location",
			"followup.error.location_invalid"},
		{"follow-up occurred_at not a time", "POST", "/api/v1/followups",
			followUp(map[string]any{"occurred_at": "yesterday"}), "", "problem.json_invalid"},
		{"patch a follow-up into the future", "PATCH", "/api/v1/followups/" + f.ID,
			map[string]any{"occurred_at": t0.Add(time.Hour)}, "occurred_at", "followup.error.in_future"},
		{"patch a follow-up with an unknown tag", "PATCH", "/api/v1/followups/" + f.ID, `{"tags": ["x"]}`, "tags",
			"followup.error.tag_unknown"},
		{"patch a follow-up's auto tags", "PATCH", "/api/v1/followups/" + f.ID, `{"auto_tags": ["x"]}`, "auto_tags",
			"problem.field_unknown"},
		{"follow-up naming a contact of the right customer works", "POST", "/api/v1/followups",
			followUp(map[string]any{"contact_id": ct.ID}), "", ""},
		{"pool=yes", "GET", "/api/v1/customers?pool=yes", nil, "pool", "problem.field_type"},
		{"flagged=1", "GET", "/api/v1/customers?flagged=1", nil, "flagged", "problem.field_type"},
		{"limit 0", "GET", "/api/v1/customers?limit=0", nil, "limit", "problem.limit_range"},
		{"garbage cursor", "GET", "/api/v1/customers?cursor=abc", nil, "cursor", "problem.cursor_invalid"},
		{"garbage follow-up cursor", "GET", "/api/v1/customers/" + c.ID + "/followups?cursor=abc", nil, "cursor",
			"problem.cursor_invalid"},
		{"photo without its follow-up", "GET", "/api/v1/photos/" + strings.Repeat("ab", 32), nil, "followup",
			"followup.error.photo_followup_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snapshot(t)
			r := e.run(t, scenario{method: tc.method, path: tc.path, as: "rep", body: tc.body})
			if tc.key == "" {
				if r.status != http.StatusCreated {
					t.Errorf("status = %d, want 201; body %s", r.status, clip(r.body))
				}
				return
			}
			if tc.field == "" {
				p := checkProblem(t, r, http.StatusBadRequest)
				if !matchesKey(e.cat, i18n.ZH, tc.key, p.Detail) {
					t.Errorf("detail = %q, want the text of %s", p.Detail, tc.key)
				}
				return
			}
			p := checkProblem(t, r, http.StatusUnprocessableEntity, tc.field)
			if got := decodeProblem(t, r).code(tc.field); got != tc.key {
				t.Errorf("code of %s = %q, want %q; body %s", tc.field, got, tc.key, r.body)
			}
			if msg := p.message(tc.field); !matchesKey(e.cat, i18n.ZH, tc.key, msg) || !hasHan(msg) {
				t.Errorf("message = %q, want the zh-CN text of %s", msg, tc.key)
			}
			if diff := diffKeys(before, e.snapshot(t), ignoreTokenUse); diff != "" {
				t.Errorf("a refused request changed the database:\n%s", diff)
			}
		})
	}
}

// TestCustomerAPICreditCodes accepts codes with a right check character in
// any usual spelling and refuses a code another customer holds.
func TestCustomerAPICreditCodes(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州信用测试"})
	path := "/api/v1/customers/" + c.ID
	for _, tc := range []struct{ name, given, want string }{
		{"as issued", customer.CompleteCreditCode("91330106MA2B3C4D5"), ""},
		{"lower case", strings.ToLower(customer.CompleteCreditCode("91440300MA5F6G7H8")), ""},
		{"padded", "  " + customer.CompleteCreditCode("12330000470000000") + " ", ""},
		{"full-width", fullWidth(customer.CompleteCreditCode("92330100MA2H0J1K2")), ""},
		{"cleared", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := customer.NormalizeCreditCode(tc.given)
			var got customerOut
			e.run(t, scenario{method: http.MethodPatch, path: path, as: "rep", status: http.StatusOK,
				body: map[string]string{"credit_code": tc.given}}).decode(t, &got)
			if got.CreditCode != want || (want != "" && !customer.ValidCreditCode(got.CreditCode)) {
				t.Errorf("credit_code = %q, want %q", got.CreditCode, want)
			}
		})
	}

	t.Run("held by another customer", func(t *testing.T) {
		held := customer.CompleteCreditCode("91330106MA2B3C4D5")
		first := e.seedCustomer("rep2", customer.Input{Name: "深圳已有客户", RegionID: e.region["深圳"],
			CreditCode: held})
		for _, sc := range []scenario{
			{method: http.MethodPatch, path: path, body: map[string]string{"credit_code": strings.ToLower(held)}},
			{method: http.MethodPost, path: "/api/v1/customers", body: map[string]string{"name": "杭州另一家",
				"region_id": e.region["杭州"], "level": "C", "credit_code": held, "override_reason": "确认不同"}},
		} {
			sc.as = "rep"
			r := e.run(t, sc)
			checkProblem(t, r, http.StatusConflict, "credit_code")
			p := decodeProblem(t, r)
			if p.ExistingID != first.ID || p.code("credit_code") != "customer.error.credit_code_taken" ||
				p.Code != "customer.error.credit_code_taken" {
				t.Errorf("conflict = %+v, want existing_id %s and the credit_code_taken code", p, first.ID)
			}
		}
		// Archived, the customer still holds its code.
		if err := e.cust.Archive(e.principal("rep2"), first.ID); err != nil {
			t.Fatal(err)
		}
		r := e.run(t, scenario{method: http.MethodPatch, path: path, as: "rep",
			body: map[string]string{"credit_code": held}})
		checkProblem(t, r, http.StatusConflict, "credit_code")
	})
}

// TestCustomerAPIPhones stores phone numbers written any usual way in
// their canonical form.
func TestCustomerAPIPhones(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	c := e.seedCustomer("rep", customer.Input{Name: "杭州电话测试"})
	for _, tc := range []struct{ given, want string }{
		{"13812345678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+86-138-1234-5678", "13812345678"},
		{"0086 13812345678", "13812345678"},
		{"86 13812345678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"＋８６ １３８ １２３４ ５６７８", "13812345678"},
		{"0571-88886666", "0571-88886666"},
		{"057188886666", "0571-88886666"},
		{"(0571) 8888 6666", "0571-88886666"},
		{"+86 571 8888 6666", "0571-88886666"},
		{"+86-571-88886666", "0571-88886666"},
		{"０５７１－８８８８６６６６", "0571-88886666"},
		{"010-62345678", "010-62345678"},
		{"(010) 6234 5678-123", "010-62345678-123"},
		{"", ""},
	} {
		t.Run(tc.given, func(t *testing.T) {
			var got customerOut
			e.run(t, scenario{method: http.MethodPatch, path: "/api/v1/customers/" + c.ID, as: "rep",
				status: http.StatusOK, body: map[string]string{"phone": tc.given}}).decode(t, &got)
			if got.Phone != tc.want {
				t.Errorf("phone %q stored as %q, want %q", tc.given, got.Phone, tc.want)
			}
		})
	}
}

// TestCustomerAPIDuplicates checks the duplicate warnings reach the client
// whole, and that a reason overrides them.
func TestCustomerAPIDuplicates(t *testing.T) {
	t.Parallel()
	e := newActivityEnv(t)
	first := e.seedCustomer("rep", customer.Input{Name: "杭州西湖科技有限公司", Phone: "13900001111"})
	hz := e.region["杭州"]
	for _, tc := range []struct {
		name   string
		body   map[string]any
		reason string
	}{
		{"same phone", map[string]any{"name": "钱塘贸易", "phone": "139-0000-1111"}, "phone"},
		{"near-identical name", map[string]any{"name": "杭州西湖科技"}, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.body["region_id"], tc.body["level"] = hz, "B"
			r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers", as: "rep", body: tc.body})
			checkProblem(t, r, http.StatusConflict, tc.reason)
			p := decodeProblem(t, r)
			if p.OverrideField != "override_reason" || len(p.Duplicates) != 1 || p.Duplicates[0].ID != first.ID ||
				p.Duplicates[0].Reason != tc.reason || p.Duplicates[0].Name != first.Name ||
				p.Code != "customer.warning.duplicate" || p.code(tc.reason) != "customer.warning.duplicate_"+tc.reason {
				t.Errorf("warning = %+v, want %s as a %s duplicate with override_field", p, first.ID, tc.reason)
			}
			tc.body["override_reason"] = "同名不同公司，已电话确认"
			e.run(t, scenario{method: http.MethodPost, path: "/api/v1/customers", as: "rep", body: tc.body,
				status: http.StatusCreated})
		})
	}

	t.Run("on patch too", func(t *testing.T) {
		second := e.seedCustomer("rep", customer.Input{Name: "余杭物流"})
		path := "/api/v1/customers/" + second.ID
		r := e.run(t, scenario{method: http.MethodPatch, path: path, as: "rep", body: `{"phone": "13900001111"}`})
		checkProblem(t, r, http.StatusConflict, "phone")
		var got customerOut
		e.run(t, scenario{method: http.MethodPatch, path: path, as: "rep", status: http.StatusOK,
			body: `{"phone": "13900001111", "override_reason": "同一集团的两家公司"}`}).decode(t, &got)
		if got.Phone != "13900001111" {
			t.Errorf("phone = %q after the override", got.Phone)
		}
	})
}

// fullWidth writes ASCII letters and digits in their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r <= '~' {
			return r - '!' + '！'
		}
		return r
	}, s)
}
