package web_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The API's records as tests read them.
type (
	regionOut struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		ParentID string `json:"parent_id"`
	}
	userOut struct {
		ID          string   `json:"id"`
		Email       string   `json:"email"`
		Name        string   `json:"name"`
		Roles       []string `json:"roles"`
		Regions     []string `json:"regions"`
		Disabled    bool     `json:"disabled"`
		HasPassword bool     `json:"has_password"`
	}
	tokenOut struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Token string `json:"token"`
	}
	listOut[T any] struct {
		Items      []T     `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
)

func TestAPIMe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	for _, name := range []string{"admin", "manager", "rep"} {
		t.Run(name, func(t *testing.T) {
			r := e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: name, status: http.StatusOK})
			var raw map[string]json.RawMessage
			r.decode(t, &raw)
			keys := make([]string, 0, len(raw))
			for k := range raw {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if want := []string{"email", "id", "name", "regions", "roles"}; !slices.Equal(keys, want) {
				t.Errorf("keys = %v, want exactly %v", keys, want)
			}
			var me userOut
			r.decode(t, &me)
			a := e.account(name)
			if me.ID != a.ID || me.Email != a.Email || me.Name != a.Name || len(me.Roles) != 1 {
				t.Errorf("me = %+v, want id %s, email %s, name %s and one role", me, a.ID, a.Email, a.Name)
			}
		})
	}
	r := e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "manager", status: http.StatusOK})
	var me userOut
	r.decode(t, &me)
	if want := []string{e.region["浙江"]}; !slices.Equal(me.Regions, want) {
		t.Errorf("manager regions = %v, want %v", me.Regions, want)
	}
}

func TestAPIRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	admin := func(method, path string, body any, status int) *response {
		t.Helper()
		return e.run(t, scenario{method: method, path: path, as: "admin", body: body, status: status})
	}

	r := admin(http.MethodPost, "/api/v1/regions", map[string]string{"name": " 华北 "}, http.StatusCreated)
	var north regionOut
	r.decode(t, &north)
	if north.ID == "" || north.Name != "华北" || north.ParentID != "" {
		t.Errorf("created = %+v, want a trimmed top-level 华北 with an id", north)
	}
	if loc := r.header.Get("Location"); loc != "/api/v1/regions/"+north.ID {
		t.Errorf("Location = %q, want /api/v1/regions/%s", loc, north.ID)
	}
	r = admin(http.MethodPost, "/api/v1/regions", map[string]string{"name": "北京", "parent_id": north.ID},
		http.StatusCreated)
	var beijing regionOut
	r.decode(t, &beijing)
	if beijing.ParentID != north.ID {
		t.Errorf("parent_id = %q, want %q", beijing.ParentID, north.ID)
	}

	t.Run("list pages with a cursor", func(t *testing.T) {
		var all listOut[regionOut]
		admin(http.MethodGet, "/api/v1/regions", nil, http.StatusOK).decode(t, &all)
		if len(all.Items) != 7 || all.NextCursor == nil || *all.NextCursor != "" {
			t.Fatalf("list = %d items, next_cursor %v; want 7 and an empty next_cursor", len(all.Items),
				all.NextCursor)
		}
		var seen []string
		path := "/api/v1/regions?limit=3"
		for page := 0; path != ""; page++ {
			if page > 3 {
				t.Fatalf("paging did not end after %d pages", page)
			}
			var l listOut[regionOut]
			admin(http.MethodGet, path, nil, http.StatusOK).decode(t, &l)
			if len(l.Items) > 3 {
				t.Fatalf("page of %d items, want at most limit=3", len(l.Items))
			}
			for _, it := range l.Items {
				seen = append(seen, it.ID)
			}
			path = ""
			if *l.NextCursor != "" {
				path = "/api/v1/regions?limit=3&cursor=" + *l.NextCursor
			}
		}
		var want []string
		for _, it := range all.Items {
			want = append(want, it.ID)
		}
		if !slices.Equal(seen, want) {
			t.Errorf("paged ids = %v, want %v", seen, want)
		}
	})

	t.Run("get and patch", func(t *testing.T) {
		var got regionOut
		admin(http.MethodGet, "/api/v1/regions/"+beijing.ID, nil, http.StatusOK).decode(t, &got)
		if got != beijing {
			t.Errorf("get = %+v, want %+v", got, beijing)
		}
		admin(http.MethodPatch, "/api/v1/regions/"+beijing.ID, map[string]string{"name": "北京市"},
			http.StatusOK).decode(t, &got)
		if got.Name != "北京市" || got.ParentID != north.ID {
			t.Errorf("patched = %+v, want name 北京市 under %s", got, north.ID)
		}
		admin(http.MethodGet, "/api/v1/regions/"+beijing.ID, nil, http.StatusOK).decode(t, &got)
		if got.Name != "北京市" {
			t.Errorf("after patch get name = %q, want 北京市", got.Name)
		}
		// Moving a region below itself is refused and names the field.
		r := admin(http.MethodPatch, "/api/v1/regions/"+north.ID, map[string]string{"parent_id": beijing.ID},
			http.StatusUnprocessableEntity)
		checkProblem(t, r, http.StatusUnprocessableEntity, "parent_id")
	})

	t.Run("delete", func(t *testing.T) {
		for _, tc := range []struct {
			name, region string
			status       int
		}{
			{"with sub-regions", "华东", http.StatusConflict},
			{"with users", "杭州", http.StatusConflict},
		} {
			r := admin(http.MethodDelete, "/api/v1/regions/"+e.region[tc.region], nil, tc.status)
			checkProblem(t, r, tc.status)
		}
		r := admin(http.MethodDelete, "/api/v1/regions/"+beijing.ID, nil, http.StatusNoContent)
		if r.body != "" {
			t.Errorf("204 body = %q, want empty", r.body)
		}
		checkProblem(t, admin(http.MethodGet, "/api/v1/regions/"+beijing.ID, nil, http.StatusNotFound),
			http.StatusNotFound)
		// 华北 has no children any more, so it may go too.
		admin(http.MethodDelete, "/api/v1/regions/"+north.ID, nil, http.StatusNoContent)
	})
}

func TestAPIUsers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	admin := func(method, path string, body any, status int) *response {
		t.Helper()
		return e.run(t, scenario{method: method, path: path, as: "admin", body: body, status: status})
	}

	var withPW, sso userOut
	r := admin(http.MethodPost, "/api/v1/users", map[string]any{"email": "Wang@Example.com ", "name": "王伟",
		"roles": []string{"rep", "presales"}, "regions": []string{e.region["杭州"]}, "password": "a-long-password"},
		http.StatusCreated)
	r.decode(t, &withPW)
	if withPW.Email != "wang@example.com" || !withPW.HasPassword || len(withPW.Roles) != 2 {
		t.Errorf("created = %+v, want normalised e-mail, a password and two roles", withPW)
	}
	if strings.Contains(r.body, "password_hash") || strings.Contains(r.body, "argon2") {
		t.Errorf("create answer leaks the password hash: %s", r.body)
	}
	if loc := r.header.Get("Location"); loc != "/api/v1/users/"+withPW.ID {
		t.Errorf("Location = %q, want /api/v1/users/%s", loc, withPW.ID)
	}
	admin(http.MethodPost, "/api/v1/users", map[string]any{"email": "sso@example.com", "name": "单点",
		"roles": []string{"legal"}}, http.StatusCreated).decode(t, &sso)
	if sso.HasPassword || sso.Regions == nil {
		t.Errorf("created without password = %+v, want has_password false and regions []", sso)
	}
	if _, _, err := e.auth.Login("wang@example.com", "a-long-password", "198.51.100.1"); err != nil {
		t.Errorf("login with the password given at creation: %v", err)
	}

	t.Run("list filters", func(t *testing.T) {
		for _, tc := range []struct {
			name, query string
			want        []string // e-mails
		}{
			{"all", "", []string{"admin", "director", "manager", "rep", "rep2", "legal", "wang", "sso"}},
			{"role", "?role=rep", []string{"rep", "rep2", "wang"}},
			{"region", "?region=" + e.region["杭州"], []string{"rep", "wang"}},
			{"q matches the name", "?q=" + "%E6%B7%B1%E5%9C%B3", []string{"rep2"}}, // 深圳
			{"q matches the e-mail, any case", "?q=REP2%40", []string{"rep2"}},
			{"filters combine", "?role=rep&q=wang", []string{"wang"}},
			{"nothing matches", "?role=finance", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var l listOut[userOut]
				admin(http.MethodGet, "/api/v1/users"+tc.query, nil, http.StatusOK).decode(t, &l)
				if got, want := emailsOf(l.Items), sorted(tc.want); !slices.Equal(got, want) {
					t.Errorf("users = %v, want %v", got, want)
				}
				if l.Items == nil {
					t.Errorf("items = null, want a list")
				}
			})
		}
	})

	t.Run("get and patch", func(t *testing.T) {
		var u userOut
		admin(http.MethodGet, "/api/v1/users/"+withPW.ID, nil, http.StatusOK).decode(t, &u)
		if u.ID != withPW.ID || u.Name != "王伟" {
			t.Errorf("get = %+v, want %s 王伟", u, withPW.ID)
		}
		admin(http.MethodPatch, "/api/v1/users/"+withPW.ID, map[string]any{"name": "王伟伟",
			"roles": []string{"manager"}, "regions": []string{e.region["浙江"]}}, http.StatusOK).decode(t, &u)
		if u.Name != "王伟伟" || !slices.Equal(u.Roles, []string{"manager"}) ||
			!slices.Equal(u.Regions, []string{e.region["浙江"]}) || u.Email != "wang@example.com" {
			t.Errorf("patched = %+v, want name 王伟伟, manager of 浙江, e-mail unchanged", u)
		}
	})

	t.Run("disable and enable", func(t *testing.T) {
		rep2 := e.account("rep2")
		var u userOut
		admin(http.MethodPost, "/api/v1/users/"+rep2.ID+"/disable", nil, http.StatusOK).decode(t, &u)
		if !u.Disabled {
			t.Fatalf("after disable disabled = false, want true")
		}
		e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "rep2", status: http.StatusUnauthorized})
		admin(http.MethodPost, "/api/v1/users/"+rep2.ID+"/enable", nil, http.StatusOK).decode(t, &u)
		if u.Disabled {
			t.Fatalf("after enable disabled = true, want false")
		}
		e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "rep2", status: http.StatusOK})
		// The last admin can neither be disabled nor lose the role.
		r := admin(http.MethodPost, "/api/v1/users/"+e.account("admin").ID+"/disable", nil, http.StatusConflict)
		checkProblem(t, r, http.StatusConflict)
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	r := e.run(t, scenario{method: http.MethodPost, path: "/api/v1/tokens", as: "rep",
		body: map[string]string{"name": "ERP sync"}, status: http.StatusCreated})
	var created tokenOut
	r.decode(t, &created)
	if !strings.HasPrefix(created.Token, "frl_") || created.ID == "" || created.Name != "ERP sync" {
		t.Fatalf("created = %+v, want an id, the name and a frl_ secret", created)
	}
	// The new secret works as a bearer token.
	withNew := map[string]string{"Authorization": "Bearer " + created.Token}
	var me userOut
	e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", header: withNew, status: http.StatusOK}).
		decode(t, &me)
	if me.ID != e.account("rep").ID {
		t.Errorf("token acts as %s, want rep %s", me.ID, e.account("rep").ID)
	}

	r = e.run(t, scenario{method: http.MethodGet, path: "/api/v1/tokens", as: "rep", status: http.StatusOK,
		excludes: []string{created.Token, `"token"`, `"digest"`, `"user_id"`}})
	var l listOut[tokenOut]
	r.decode(t, &l)
	var names []string
	for _, it := range l.Items {
		names = append(names, it.Name)
	}
	if !slices.Contains(names, "ERP sync") || !slices.Contains(names, "test") {
		t.Errorf("token names = %v, want the seeded and the new one", names)
	}

	// Someone else's token is not found, not revocable.
	e.run(t, scenario{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, as: "rep2",
		status: http.StatusNotFound})
	e.run(t, scenario{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, as: "rep",
		status: http.StatusNoContent})
	r = e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", header: withNew,
		status: http.StatusUnauthorized})
	checkProblem(t, r, http.StatusUnauthorized)
	e.run(t, scenario{method: http.MethodDelete, path: "/api/v1/tokens/" + created.ID, as: "rep",
		status: http.StatusNotFound})
	// The account's other token is untouched.
	e.run(t, scenario{method: http.MethodGet, path: "/api/v1/me", as: "rep", status: http.StatusOK})
}

func TestAPIAudit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, options{})
	admin := e.account("admin")
	var u userOut
	e.run(t, scenario{method: http.MethodPost, path: "/api/v1/users", as: "admin", status: http.StatusCreated,
		body: map[string]any{"email": "new@example.com", "name": "New", "roles": []string{"rep"}}}).decode(t, &u)
	e.run(t, scenario{method: http.MethodPost, path: "/api/v1/tokens", as: "admin", status: http.StatusCreated,
		body: map[string]string{"name": "audit me"}})

	type event struct {
		Kind    string         `json:"kind"`
		ActorID string         `json:"actor_id"`
		Subject string         `json:"subject"`
		IP      string         `json:"ip"`
		Data    map[string]any `json:"data"`
	}
	var l listOut[event]
	e.run(t, scenario{method: http.MethodGet, path: "/api/v1/audit?limit=200", as: "admin",
		status: http.StatusOK, excludes: []string{"password_hash", "argon2", "frl_"}}).decode(t, &l)
	find := func(kind, actor, subject string) bool {
		for _, ev := range l.Items {
			if ev.Kind == kind && ev.ActorID == actor && ev.Subject == subject {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct{ kind, actor, subject string }{
		{"auth.login", admin.ID, "user/" + admin.ID},
		{"auth.login", e.account("rep").ID, "user/" + e.account("rep").ID},
		{"user.create", admin.ID, "user/" + u.ID},
		{"token.create", admin.ID, "user/" + admin.ID},
	} {
		if !find(tc.kind, tc.actor, tc.subject) {
			t.Errorf("audit has no %s by %s about %s; got %+v", tc.kind, tc.actor, tc.subject, l.Items)
		}
	}

	t.Run("filters", func(t *testing.T) {
		var byKind listOut[event]
		e.run(t, scenario{method: http.MethodGet, path: "/api/v1/audit?kind=token.", as: "admin",
			status: http.StatusOK}).decode(t, &byKind)
		if len(byKind.Items) == 0 {
			t.Fatalf("kind=token. gave no events, want the token creations")
		}
		for _, ev := range byKind.Items {
			if !strings.HasPrefix(ev.Kind, "token.") {
				t.Errorf("kind=token. gave %s", ev.Kind)
			}
		}
		var byActor listOut[event]
		e.run(t, scenario{method: http.MethodGet, path: "/api/v1/audit?actor_id=" + admin.ID, as: "admin",
			status: http.StatusOK}).decode(t, &byActor)
		for _, ev := range byActor.Items {
			if ev.ActorID != admin.ID {
				t.Errorf("actor_id filter gave an event by %q", ev.ActorID)
			}
		}
		if len(byActor.Items) < 3 {
			t.Errorf("actor_id filter gave %d events, want at least the login, user and token", len(byActor.Items))
		}
	})

	for _, name := range []string{"director", "manager", "rep", "legal"} {
		checkProblem(t, e.run(t, scenario{method: http.MethodGet, path: "/api/v1/audit", as: name}),
			http.StatusForbidden)
	}
}

// emailsOf gives the local parts of the users' e-mails, sorted.
func emailsOf(users []userOut) []string {
	out := []string{}
	for _, u := range users {
		out = append(out, strings.TrimSuffix(u.Email, "@example.com"))
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}
