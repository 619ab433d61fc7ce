package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
)

// userJSON is a user as the API shows it: never the password hash.
type userJSON struct {
	ID          string        `json:"id"`
	Email       string        `json:"email"`
	Name        string        `json:"name"`
	Roles       []access.Role `json:"roles"`
	Regions     []string      `json:"regions"`
	Locale      string        `json:"locale,omitempty"`
	Disabled    bool          `json:"disabled"`
	HasPassword bool          `json:"has_password"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	LastLoginAt *time.Time    `json:"last_login_at,omitempty"`
}

func toUserJSON(u org.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Regions: u.Regions,
		Locale: u.Locale, Disabled: u.Disabled, HasPassword: u.HasPassword(),
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, LastLoginAt: u.LastLoginAt}
}

// meJSON is GET /api/v1/me.
type meJSON struct {
	ID      string        `json:"id"`
	Email   string        `json:"email"`
	Name    string        `json:"name"`
	Roles   []access.Role `json:"roles"`
	Regions []string      `json:"regions"`
}

func (s *Server) apiMe(c *fiber.Ctx) error {
	u := current(c).User
	return c.JSON(meJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Regions: u.Regions})
}
