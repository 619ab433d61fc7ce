package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/auth"
)

// tokenJSON is a token as listed: never its secret or digest.
type tokenJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	// Token is the secret, present only in the answer that created it.
	Token string `json:"token,omitempty"`
}

func toTokenJSON(t auth.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt}
}

func (s *Server) apiTokenList(c *fiber.Ctx) error {
	cur := current(c)
	tokens, err := s.Auth.Tokens(cur.Principal, cur.User.ID)
	if err != nil {
		return err
	}
	items := make([]tokenJSON, len(tokens))
	for i, t := range tokens {
		items[i] = toTokenJSON(t)
	}
	return c.JSON(list(items, ""))
}

func (s *Server) apiTokenCreate(c *fiber.Ctx) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cur := current(c)
	t, secret, err := s.Auth.CreateToken(cur.Principal, cur.User.ID, in.Name)
	if err != nil {
		return err
	}
	out := toTokenJSON(t)
	out.Token = secret
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) apiTokenRevoke(c *fiber.Ctx) error {
	if err := s.Auth.RevokeToken(current(c).Principal, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
