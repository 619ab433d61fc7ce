package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/notify"
	"github.com/frontline-crm/frontline/app/store"
)

// notificationPage is how many notifications the page shows at once.
const notificationPage = 30

// maxReadAll bounds how many notifications "mark all read" walks; more
// unread ones than that are left for the next press.
const maxReadAll = 1000

// notificationsData is the user's notification centre, newest first.
type notificationsData struct {
	Items    []notificationItem
	NextHref string
	Unread   int
}

// notificationItem is one notification, translated, with the page it is
// about.
type notificationItem struct {
	notify.Notification
	Text string
	Href string
}

func (s *Server) notificationsPage(c *fiber.Ctx) error {
	cur := current(c)
	req := store.PageRequest{Cursor: c.Query("cursor"), Limit: notificationPage}
	items, next, err := notify.List(s.DB, cur.User.ID, req)
	if err != nil {
		return badCursor(err)
	}
	v := s.view(c, "notifications.title", "notifications")
	d := notificationsData{NextHref: nextHref(c, next), Unread: v.Unread}
	for _, n := range items {
		d.Items = append(d.Items, notificationItem{Notification: n, Text: v.T(n.Key, n.Args...),
			Href: subjectHref(n)})
	}
	v.Data = d
	return s.render(c, fiber.StatusOK, "notifications", v)
}

// subjectHref is the page a notification is about: a customer's page, or
// the user's customers for a hand-over.
func subjectHref(n notify.Notification) string {
	kind, id, _ := strings.Cut(n.Subject, "/")
	switch {
	case kind == "customer" && store.ValidID(id):
		return "/customers/" + id
	case n.Kind == "customer.handover":
		return "/customers?tab=" + tabMine
	}
	return ""
}

// notificationReadSubmit marks one notification read and, when the form
// says where, opens the page it is about.
func (s *Server) notificationReadSubmit(c *fiber.Ctx) error {
	if err := notify.MarkRead(s.DB, current(c).User.ID, c.Params("id")); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" {
		return seeOther(c, localPath(next))
	}
	return seeOther(c, "/notifications")
}

// notificationsReadAllSubmit marks every unread notification read.
func (s *Server) notificationsReadAllSubmit(c *fiber.Ctx) error {
	user := current(c).User.ID
	req := store.PageRequest{Limit: store.MaxPageSize}
	for walked := 0; walked < maxReadAll; walked += store.MaxPageSize {
		items, next, err := notify.List(s.DB, user, req)
		if err != nil {
			return err
		}
		for _, n := range items {
			if n.Read {
				continue
			}
			if err := notify.MarkRead(s.DB, user, n.ID); err != nil {
				return err
			}
		}
		if next == "" {
			break
		}
		req.Cursor = next
	}
	s.flash(c, "flash.notifications_read")
	return seeOther(c, "/notifications")
}

// unread is the count on the top bar's bell: one key-only scan of the
// user's unread index per page. A failure shows no badge rather than
// failing the page, and is logged.
func (s *Server) unread(cur *auth.Current) int {
	if s.DB == nil {
		return 0
	}
	n, err := notify.Unread(s.DB, cur.User.ID)
	if err != nil {
		s.Log.Warn("count unread notifications", "user_id", cur.User.ID, "error", err)
		return 0
	}
	return n
}
