package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/notify"
)

// notificationJSON is one of the caller's notifications: the message in
// the caller's language, with its locale key as the code and its
// arguments for clients that format their own.
type notificationJSON struct {
	ID      string    `json:"id"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Message string    `json:"message"`
	Code    string    `json:"code"`
	Args    []any     `json:"args"`
	At      time.Time `json:"at"`
	Read    bool      `json:"read"`
}

func (s *Server) toNotificationJSON(locale string, n notify.Notification) notificationJSON {
	return notificationJSON{ID: n.ID, Kind: n.Kind, Subject: n.Subject,
		Message: s.Catalogs.T(locale, n.Key, n.Args...), Code: n.Key, Args: nonNil(n.Args), At: n.At,
		Read: n.Read}
}

// apiNotificationList pages through the caller's own notifications,
// newest first; there is no way to ask for anyone else's.
func (s *Server) apiNotificationList(c *fiber.Ctx) error {
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	items, next, err := notify.List(s.DB, current(c).User.ID, req)
	if err != nil {
		return badCursor(err)
	}
	loc := localeOf(c)
	return c.JSON(list(mapEach(items, func(n notify.Notification) notificationJSON {
		return s.toNotificationJSON(loc, n)
	}), next))
}

// apiNotificationRead marks one of the caller's notifications read;
// anyone else's is not found.
func (s *Server) apiNotificationRead(c *fiber.Ctx) error {
	if err := notify.MarkRead(s.DB, current(c).User.ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiNotificationUnread counts the caller's unread notifications, for
// the badge.
func (s *Server) apiNotificationUnread(c *fiber.Ctx) error {
	n, err := notify.Unread(s.DB, current(c).User.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"count": n})
}
