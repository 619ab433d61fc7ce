package org

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/password"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// User is a person who signs in to Frontline.
type User struct {
	ID      string        `json:"id"`
	Email   string        `json:"email"`
	Name    string        `json:"name"`
	Roles   []access.Role `json:"roles"`
	Regions []string      `json:"regions"`
	// Locale is the user's language, "zh-CN" or "en"; empty follows the
	// server default.
	Locale   string `json:"locale,omitempty"`
	Disabled bool   `json:"disabled"`
	// PasswordHash is the argon2id hash; empty for SSO-only users.
	PasswordHash string     `json:"password_hash,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	LastLoginAt  *time.Time `json:"last_login_at,omitempty"`
}

// HasPassword reports whether the user can sign in with a local password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// UserInput creates a user. Password is optional for users who sign in
// through single sign-on.
type UserInput struct {
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	Regions  []string `json:"regions"`
	Password string   `json:"password"`
	Locale   string   `json:"locale"`
}

// UserPatch changes a user; nil fields stay as they are.
type UserPatch struct {
	Email    *string   `json:"email"`
	Name     *string   `json:"name"`
	Roles    *[]string `json:"roles"`
	Regions  *[]string `json:"regions"`
	Locale   *string   `json:"locale"`
	Disabled *bool     `json:"disabled"`
}

const userPrefix = "user/"

const maxUserName = 100

func userKey(id string) string { return userPrefix + id }

// NormalizeEmail is the form e-mails are stored and matched in.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// CreateUser adds a user (admins only).
func (s *Service) CreateUser(p *access.Principal, in UserInput) (User, error) {
	if err := p.RequireAdmin(); err != nil {
		return User{}, err
	}
	now := s.clock.Now().UTC()
	u := User{ID: store.NewID(now), Email: NormalizeEmail(in.Email), Name: strings.TrimSpace(in.Name),
		Roles: toRoles(in.Roles), Regions: dedupe(in.Regions), Locale: in.Locale, CreatedAt: now, UpdatedAt: now}
	if err := s.hashInto(&u, in.Password, in.Password != ""); err != nil {
		return User{}, err
	}
	err := s.db.Update(func(tx *store.Tx) error {
		if err := checkUser(tx, u, in.Password, in.Password != ""); err != nil {
			return err
		}
		if err := putUser(tx, u, nil); err != nil {
			return err
		}
		return s.event(tx, p, "user.create", userKey(u.ID), userAuditData(u))
	})
	return u, err
}

// hashInto sets u's password hash when a password is given and acceptable;
// checkUser reports unacceptable ones, so here they are only skipped.
func (s *Service) hashInto(u *User, pw string, given bool) error {
	if !given || password.Acceptable(pw, u.Email) != "" {
		return nil
	}
	h, err := password.Hash(pw, s.Hashing)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	return nil
}

// UpdateUser changes a user. Admins change anything; a user may change
// their own name and language. The last active admin cannot lose the admin
// role or be disabled.
func (s *Service) UpdateUser(p *access.Principal, id string, patch UserPatch) (User, error) {
	if err := mayPatch(p, id, patch); err != nil {
		return User{}, err
	}
	var u User
	err := s.db.Update(func(tx *store.Tx) error {
		old, err := getUser(tx, id)
		if err != nil {
			return err
		}
		u = old
		applyUserPatch(&u, patch)
		u.UpdatedAt = s.clock.Now().UTC()
		if err := s.checkUpdate(tx, old, u); err != nil {
			return err
		}
		if err := putUser(tx, u, &old); err != nil {
			return err
		}
		return s.event(tx, p, userChangeKind(old, u), userKey(u.ID), userDiff(old, u))
	})
	return u, err
}

func (s *Service) checkUpdate(tx *store.Tx, old, u User) error {
	if err := checkUser(tx, u, "", false); err != nil {
		return err
	}
	if isActiveAdmin(old) && !isActiveAdmin(u) {
		return lastAdminGuard(tx, u.ID)
	}
	return nil
}

// mayPatch allows admins everything and users their own name and locale.
func mayPatch(p *access.Principal, id string, patch UserPatch) error {
	if p.IsAdmin() {
		return nil
	}
	selfOnly := patch.Email == nil && patch.Roles == nil && patch.Regions == nil && patch.Disabled == nil
	if p.UserID == id && selfOnly {
		return nil
	}
	return problem.Forbidden()
}

func applyUserPatch(u *User, patch UserPatch) {
	if patch.Email != nil {
		u.Email = NormalizeEmail(*patch.Email)
	}
	if patch.Name != nil {
		u.Name = strings.TrimSpace(*patch.Name)
	}
	if patch.Roles != nil {
		u.Roles = toRoles(*patch.Roles)
	}
	if patch.Regions != nil {
		u.Regions = dedupe(*patch.Regions)
	}
	if patch.Locale != nil {
		u.Locale = *patch.Locale
	}
	if patch.Disabled != nil {
		u.Disabled = *patch.Disabled
	}
}

// SetDisabled disables or re-enables a user (admins only). A disabled user
// cannot sign in, and their sessions and tokens stop working at once.
func (s *Service) SetDisabled(p *access.Principal, id string, disabled bool) (User, error) {
	return s.UpdateUser(p, id, UserPatch{Disabled: &disabled})
}

// SetPassword sets a user's local password: admins for anyone, a user for
// themselves (the caller checks the current password first).
func (s *Service) SetPassword(p *access.Principal, id, pw string) error {
	if !p.IsAdmin() && p.UserID != id {
		return problem.Forbidden()
	}
	return s.db.Update(func(tx *store.Tx) error {
		u, err := getUser(tx, id)
		if err != nil {
			return err
		}
		if key := password.Acceptable(pw, u.Email); key != "" {
			var v problem.Validation
			v.Add("password", key, password.MinLength)
			return v.Err()
		}
		if u.PasswordHash, err = password.Hash(pw, s.Hashing); err != nil {
			return err
		}
		u.UpdatedAt = s.clock.Now().UTC()
		if err := tx.PutJSON(userKey(id), u); err != nil {
			return err
		}
		return s.event(tx, p, "user.password_set", userKey(id), nil)
	})
}

// GetUser returns one user the principal may see: admins and directors see
// everyone, managers the users of their regions, everyone themselves.
// Other roles asking for someone else get a forbidden error; a manager
// asking for someone outside their regions gets not-found.
func (s *Service) GetUser(p *access.Principal, id string) (User, error) {
	if p.UserID != id {
		if err := p.RequireAny(access.Director, access.Manager); err != nil {
			return User{}, err
		}
	}
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		u, err = getUser(tx, id)
		return err
	})
	if err == nil && !userVisible(p, &u) {
		return User{}, problem.NotFound()
	}
	return u, err
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	Role   string
	Region string
	// Query matches name or e-mail, case-insensitively.
	Query string
}

// ListUsers pages through the users the principal may see.
func (s *Service) ListUsers(p *access.Principal, f UserFilter, req store.PageRequest) ([]User, string, error) {
	if err := p.RequireAny(access.Director, access.Manager); err != nil {
		return nil, "", err
	}
	var items []User
	var next string
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		items, next, err = store.List(tx, userPrefix, req, func(u *User) bool {
			return userVisible(p, u) && f.match(u)
		})
		return err
	})
	return items, next, err
}

func (f UserFilter) match(u *User) bool {
	if f.Role != "" && !slices.Contains(u.Roles, access.Role(f.Role)) {
		return false
	}
	if f.Region != "" && !slices.Contains(u.Regions, f.Region) {
		return false
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	return q == "" || strings.Contains(strings.ToLower(u.Name), q) || strings.Contains(u.Email, q)
}

// userVisible applies the scope rule to users: a user is "in" a manager's
// scope when one of their regions lies in the manager's subtree.
func userVisible(p *access.Principal, u *User) bool {
	if p.SeesAll() || p.UserID == u.ID {
		return true
	}
	if !p.Has(access.Manager) {
		return false
	}
	for _, r := range u.Regions {
		if p.Subtree[r] {
			return true
		}
	}
	return false
}

// UserByEmail finds a user by e-mail for sign-in; ErrNotFound if none.
func (s *Service) UserByEmail(email string) (User, error) {
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		id, err := tx.LookupUnique("user", "email", NormalizeEmail(email))
		if err != nil {
			return err
		}
		u, err = getUser(tx, id)
		return err
	})
	return u, err
}

// UserByID loads a user without a scope check, for the auth layer that
// resolves sessions and tokens.
func (s *Service) UserByID(id string) (User, error) {
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		u, err = getUser(tx, id)
		return err
	})
	return u, err
}

// RecordLogin stamps the user's last login time.
func RecordLogin(tx *store.Tx, id string, at time.Time) error {
	u, err := getUser(tx, id)
	if err != nil {
		return err
	}
	u.LastLoginAt = &at
	return tx.PutJSON(userKey(id), u)
}

// CountActiveAdmins counts enabled admins who can sign in.
func (s *Service) CountActiveAdmins() (int, error) {
	n := 0
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		n, err = countActiveAdmins(tx, "")
		return err
	})
	return n, err
}

func countActiveAdmins(tx *store.Tx, except string) (int, error) {
	n := 0
	err := tx.Scan(userPrefix, store.ScanOptions{}, func(key string, val []byte) (bool, error) {
		var u User
		if err := decode(key, val, &u); err != nil {
			return false, err
		}
		if u.ID != except && isActiveAdmin(u) {
			n++
		}
		return true, nil
	})
	return n, err
}

func isActiveAdmin(u User) bool {
	return !u.Disabled && slices.Contains(u.Roles, access.Admin)
}

func lastAdminGuard(tx *store.Tx, id string) error {
	n, err := countActiveAdmins(tx, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return problem.New(problem.KindConflict, "user.error.last_admin")
	}
	return nil
}

func getUser(tx *store.Tx, id string) (User, error) {
	var u User
	if !store.ValidID(id) {
		return u, problem.NotFound()
	}
	err := tx.GetJSON(userKey(id), &u)
	if errors.Is(err, store.ErrNotFound) {
		return u, problem.NotFound()
	}
	return u, err
}

// putUser writes u with its e-mail claim and region index, replacing old's.
func putUser(tx *store.Tx, u User, old *User) error {
	if old != nil {
		if err := unindexUser(tx, *old); err != nil {
			return err
		}
	}
	if err := tx.ClaimUnique("user", "email", u.Email, u.ID); err != nil {
		return err
	}
	for _, r := range u.Regions {
		if err := tx.AddIndex("user", "region", r, u.ID); err != nil {
			return err
		}
	}
	return tx.PutJSON(userKey(u.ID), u)
}

func unindexUser(tx *store.Tx, u User) error {
	if err := tx.ReleaseUnique("user", "email", u.Email); err != nil {
		return err
	}
	for _, r := range u.Regions {
		if err := tx.RemoveIndex("user", "region", r, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// checkUser validates a user about to be written; pw is checked only when
// given.
func checkUser(tx *store.Tx, u User, pw string, pwGiven bool) error {
	var v problem.Validation
	checkEmail(tx, &v, u)
	n := utf8.RuneCountInString(u.Name)
	if n == 0 {
		v.Add("name", "user.error.name_required")
	} else if n > maxUserName {
		v.Add("name", "user.error.name_too_long", maxUserName)
	}
	checkRoles(&v, u.Roles)
	if err := checkRegions(tx, &v, u.Regions); err != nil {
		return err
	}
	if u.Locale != "" && u.Locale != "zh-CN" && u.Locale != "en" {
		v.Add("locale", "user.error.locale_invalid")
	}
	if pwGiven {
		if key := password.Acceptable(pw, u.Email); key != "" {
			v.Add("password", key, password.MinLength)
		}
	}
	return v.Err()
}

func checkEmail(tx *store.Tx, v *problem.Validation, u User) {
	addr, err := mail.ParseAddress(u.Email)
	if u.Email == "" {
		v.Add("email", "user.error.email_required")
		return
	}
	if err != nil || addr.Address != u.Email || len(u.Email) > 254 {
		v.Add("email", "user.error.email_invalid")
		return
	}
	if owner, err := tx.LookupUnique("user", "email", u.Email); err == nil && owner != u.ID {
		v.Add("email", "user.error.email_taken")
	}
}

func checkRoles(v *problem.Validation, roles []access.Role) {
	if len(roles) == 0 {
		v.Add("roles", "user.error.roles_required")
	}
	for _, r := range roles {
		if !access.ValidRole(string(r)) {
			v.Add("roles", "user.error.role_unknown", string(r))
			return
		}
	}
}

func checkRegions(tx *store.Tx, v *problem.Validation, regions []string) error {
	for _, id := range regions {
		_, err := getRegion(tx, id)
		if errors.Is(err, problem.ErrNotFound) {
			v.Add("regions", "user.error.region_unknown", id)
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func toRoles(in []string) []access.Role {
	out := make([]access.Role, 0, len(in))
	for _, r := range dedupe(in) {
		out = append(out, access.Role(r))
	}
	return out
}

// dedupe trims, drops empties and keeps the first of duplicates, so
// stored slices are never nil (JSON shows [] rather than null).
func dedupe(in []string) []string {
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func userChangeKind(old, u User) string {
	switch {
	case !old.Disabled && u.Disabled:
		return "user.disable"
	case old.Disabled && !u.Disabled:
		return "user.enable"
	case !slices.Equal(old.Roles, u.Roles) || !slices.Equal(old.Regions, u.Regions):
		return "user.roles_change"
	}
	return "user.update"
}

// userAuditData is what the audit log keeps about a user: never the hash.
func userAuditData(u User) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "roles": u.Roles, "regions": u.Regions,
		"locale": u.Locale, "disabled": u.Disabled}
}

func userDiff(old, u User) map[string]any {
	return map[string]any{"from": userAuditData(old), "to": userAuditData(u)}
}

func decode(key string, val []byte, v any) error {
	if err := json.Unmarshal(val, v); err != nil {
		return fmt.Errorf("org: decode %s: %w", key, err)
	}
	return nil
}
