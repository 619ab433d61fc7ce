package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/store"
)

// auditData is the audit log page.
type auditData struct {
	Events   []store.Event
	NextHref string
	Filter   audit.Filter
	// Names maps actor ids to display names.
	Names map[string]string
	// Labels maps region and user ids in event details to names.
	Labels map[string]string
}

func (s *Server) auditPage(c *fiber.Ctx) error {
	cur := current(c)
	req, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := audit.Filter{Kind: c.Query("kind")}
	events, next, err := s.Audit.List(cur.Principal, f, req)
	if err != nil {
		return badCursor(err)
	}
	names := s.actorNames(events)
	_, labels, err := s.regionChoices(cur.Principal)
	if err != nil {
		return err
	}
	for id, name := range names {
		labels[id] = name
	}
	v := s.view(c, "audit.title", "audit")
	v.Data = auditData{Events: events, NextHref: nextHref(c, next), Filter: f, Names: names, Labels: labels}
	return s.render(c, fiber.StatusOK, "audit", v)
}

// actorNames looks up the display name of each actor on the page.
func (s *Server) actorNames(events []store.Event) map[string]string {
	names := map[string]string{}
	for _, e := range events {
		if e.ActorID == "" || names[e.ActorID] != "" {
			continue
		}
		if u, err := s.Org.UserByID(e.ActorID); err == nil {
			names[e.ActorID] = u.Name
		}
	}
	return names
}
