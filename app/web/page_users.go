package web

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// usersData is the users list page.
type usersData struct {
	Users    []org.User
	NextHref string
	Filter   org.UserFilter
	Roles    []access.Role
	Regions  []*org.TreeNode
	// Paths maps region id → full path, for the table.
	Paths   map[string]string
	CanEdit bool
}

func (s *Server) usersPage(c *fiber.Ctx) error {
	cur := current(c)
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := org.UserFilter{Role: c.Query("role"), Region: c.Query("region"), Query: c.Query("q")}
	users, next, err := s.Org.ListUsers(cur.Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	flat, paths, err := s.regionChoices(cur.Principal)
	if err != nil {
		return err
	}
	v := s.view(c, "users.title", "users")
	v.Data = usersData{Users: users, NextHref: nextHref(c, next), Filter: f, Roles: access.Roles, Regions: flat,
		Paths: paths, CanEdit: cur.Principal.IsAdmin()}
	return s.render(c, fiber.StatusOK, "users", v)
}

// regionChoices is the flattened region tree and id → path map.
func (s *Server) regionChoices(p *access.Principal) ([]*org.TreeNode, map[string]string, error) {
	tree, err := s.Org.Tree(p)
	if err != nil {
		return nil, nil, err
	}
	flat := org.Flatten(tree)
	paths := map[string]string{}
	for _, n := range flat {
		paths[n.ID] = n.Path
	}
	return flat, paths, nil
}

// userFormData is the new/edit user form.
type userFormData struct {
	User    *org.User // nil when creating
	Roles   []access.Role
	Regions []*org.TreeNode
	// Checked marks the roles and regions ticked in the form.
	Checked map[string]bool
	// Receivers are the colleagues the disable form may hand the user's
	// customers to (besides the pool).
	Receivers []org.User
}

func (s *Server) userNewPage(c *fiber.Ctx) error {
	if err := current(c).Principal.RequireAdmin(); err != nil {
		return err
	}
	return s.renderUserForm(c, fiber.StatusOK, s.view(c, "users.new_title", "users"), nil, map[string]bool{"rep": true})
}

func (s *Server) userEditPage(c *fiber.Ctx) error {
	cur := current(c)
	if err := cur.Principal.RequireAdmin(); err != nil {
		return err
	}
	u, err := s.Org.GetUser(cur.Principal, c.Params("id"))
	if err != nil {
		return err
	}
	v := s.view(c, "users.edit_title", "users")
	v.Form["email"], v.Form["name"] = u.Email, u.Name
	return s.renderUserForm(c, fiber.StatusOK, v, &u, checkedOf(u.Roles, u.Regions))
}

func checkedOf(roles []access.Role, regions []string) map[string]bool {
	m := map[string]bool{}
	for _, r := range roles {
		m[string(r)] = true
	}
	for _, r := range regions {
		m[r] = true
	}
	return m
}

func (s *Server) renderUserForm(c *fiber.Ctx, status int, v *View, u *org.User, checked map[string]bool) error {
	flat, _, err := s.regionChoices(current(c).Principal)
	if err != nil {
		return err
	}
	receivers, err := s.handOverChoices(current(c).Principal, u)
	if err != nil {
		return err
	}
	v.Data = userFormData{User: u, Roles: access.Roles, Regions: flat, Checked: checked, Receivers: receivers}
	return s.render(c, status, "user_form", v)
}

// handOverChoices lists, by name, the users an enabled user's customers
// may be handed to when they are disabled.
func (s *Server) handOverChoices(p *access.Principal, u *org.User) ([]org.User, error) {
	if u == nil || u.Disabled {
		return nil, nil
	}
	var out []org.User
	req := store.PageRequest{Limit: store.MaxPageSize}
	for {
		users, next, err := s.Org.ListUsers(p, org.UserFilter{}, req)
		if err != nil {
			return nil, err
		}
		for _, o := range users {
			if o.ID != u.ID && customer.MayOwnCustomers(o) {
				out = append(out, o)
			}
		}
		if next == "" {
			slices.SortFunc(out, func(a, b org.User) int { return strings.Compare(a.Name, b.Name) })
			return out, nil
		}
		req.Cursor = next
	}
}

func (s *Server) userCreateSubmit(c *fiber.Ctx) error {
	in := org.UserInput{Email: c.FormValue("email"), Name: c.FormValue("name"),
		Roles: formValues(c, "roles"), Regions: formValues(c, "regions"), Password: c.FormValue("password")}
	u, err := s.Org.CreateUser(current(c).Principal, in)
	if err != nil {
		return s.userFormProblem(c, err, nil, "users.new_title")
	}
	s.flash(c, "flash.user_created")
	return seeOther(c, "/admin/users/"+u.ID)
}

func (s *Server) userUpdateSubmit(c *fiber.Ctx) error {
	cur := current(c)
	email, name := c.FormValue("email"), c.FormValue("name")
	roles, regions := formValues(c, "roles"), formValues(c, "regions")
	patch := org.UserPatch{Email: &email, Name: &name, Roles: &roles, Regions: &regions}
	u, err := s.Org.UpdateUser(cur.Principal, c.Params("id"), patch)
	if err != nil {
		old, getErr := s.Org.GetUser(cur.Principal, c.Params("id"))
		if getErr != nil {
			return getErr
		}
		return s.userFormProblem(c, err, &old, "users.edit_title")
	}
	s.flash(c, "flash.user_saved")
	return seeOther(c, "/admin/users/"+u.ID)
}

// userFormProblem shows the form again with its errors and the user's
// input; non-validation errors go to the error handler.
func (s *Server) userFormProblem(c *fiber.Ctx, err error, u *org.User, title string) error {
	pe, ok := problem.As(err)
	if !ok || (pe.Kind != problem.KindValidation && pe.Kind != problem.KindConflict) {
		return err
	}
	v := s.view(c, title, "users")
	echo(c, v, "email", "name")
	v.Errors = s.fieldErrors(c, err)
	checked := checkedOf(nil, formValues(c, "regions"))
	for _, r := range formValues(c, "roles") {
		checked[r] = true
	}
	return s.renderUserForm(c, fiber.StatusUnprocessableEntity, v, u, checked)
}

func (s *Server) userDisableSubmit(c *fiber.Ctx) error { return s.setDisabledSubmit(c, true) }

func (s *Server) userEnableSubmit(c *fiber.Ctx) error { return s.setDisabledSubmit(c, false) }

// setDisabledSubmit disables (handing the user's customers to the chosen
// colleague or the pool) or enables a user.
func (s *Server) setDisabledSubmit(c *fiber.Ctx, disabled bool) error {
	cur := current(c)
	to := c.FormValue("hand_over_to")
	if disabled {
		if err := s.checkHandOver(cur.Principal, c.Params("id"), to); err != nil {
			return s.disableProblem(c, err)
		}
	}
	u, err := s.Org.SetDisabled(cur.Principal, c.Params("id"), disabled)
	if err != nil {
		return err
	}
	if !disabled {
		s.flash(c, "flash.user_enabled")
		return seeOther(c, "/admin/users/"+u.ID)
	}
	if err := s.signOutDisabled(u); err != nil {
		return err
	}
	if _, err := s.handOver(cur.Principal, u.ID, to); err != nil {
		return err
	}
	if to == "" {
		s.flash(c, "flash.user_disabled_to_pool")
	} else {
		s.flash(c, "flash.user_disabled_handed_over")
	}
	return seeOther(c, "/admin/users/"+u.ID)
}

// disableProblem shows the edit page again when the hand-over input is
// wrong; other errors go to the error handler.
func (s *Server) disableProblem(c *fiber.Ctx, err error) error {
	pe, ok := problem.As(err)
	if !ok || pe.Kind != problem.KindValidation {
		return err
	}
	u, getErr := s.Org.GetUser(current(c).Principal, c.Params("id"))
	if getErr != nil {
		return getErr
	}
	v := s.view(c, "users.edit_title", "users")
	v.Form["email"], v.Form["name"] = u.Email, u.Name
	echo(c, v, "hand_over_to")
	v.Errors = s.fieldErrors(c, err)
	return s.renderUserForm(c, fiber.StatusUnprocessableEntity, v, &u, checkedOf(u.Roles, u.Regions))
}

// userPasswordSubmit sets another user's password (admins), e.g. when
// someone forgot theirs; it signs that user out everywhere.
func (s *Server) userPasswordSubmit(c *fiber.Ctx) error {
	cur := current(c)
	id := c.Params("id")
	err := s.Org.SetPassword(cur.Principal, id, c.FormValue("password"))
	if err != nil {
		u, getErr := s.Org.GetUser(cur.Principal, id)
		if getErr != nil {
			return getErr
		}
		return s.userFormProblem(c, err, &u, "users.edit_title")
	}
	if err := s.Auth.EndSessions(id); err != nil {
		return err
	}
	s.flash(c, "flash.password_set")
	return seeOther(c, "/admin/users/"+id)
}
