package web

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/i18n"
)

// localeSubmit switches the language: for a signed-in user it is saved on
// their account, otherwise in a cookie. It returns to the page it came from.
func (s *Server) localeSubmit(c *fiber.Ctx) error {
	loc := i18n.Supported(c.FormValue("locale"))
	if cur := current(c); cur != nil {
		if _, err := s.Org.UpdateUser(cur.Principal, cur.User.ID, orgLocalePatch(loc)); err != nil {
			return err
		}
	}
	s.setCookie(c, localeCookie, loc, 365*24*time.Hour)
	return seeOther(c, backTo(c))
}

// backTo is the same-site page a form was posted from, or home.
func backTo(c *fiber.Ctx) string {
	ref, err := url.Parse(c.Get(fiber.HeaderReferer))
	if err != nil || ref.Host != c.Hostname() {
		return "/"
	}
	return localPath(ref.RequestURI())
}
