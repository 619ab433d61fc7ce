package web

import "github.com/gofiber/fiber/v2"

// customerAPI lists the customer-activity API routes (issue 3), under
// /api/v1 and behind requireUser.
// TODO: move these lines into routes.go once the module's routes settle,
// so every route is listed in one file again.
//
// A server built without customer activity (Deps.Customers nil, as in the
// tests of other modules) serves none of them but the notifications,
// rather than failing on use.
func (s *Server) customerAPI(api fiber.Router) {
	// Notifications need only the database, so every server serves them.
	api.Get("/notifications", s.apiNotificationList)
	api.Get("/notifications/unread", s.apiNotificationUnread)
	api.Post("/notifications/:id/read", s.apiNotificationRead)
	if s.Customers == nil {
		return
	}
	api.Get("/customers", s.apiCustomerList)
	api.Post("/customers", s.apiCustomerCreate)
	api.Get("/customers/:id", s.apiCustomerGet)
	api.Patch("/customers/:id", s.apiCustomerUpdate)
	api.Delete("/customers/:id", s.apiCustomerArchive)
	api.Post("/customers/:id/restore", s.apiCustomerRestore)
	api.Post("/customers/:id/status", s.apiCustomerStatus)
	api.Get("/customers/:id/events", s.apiCustomerEvents)
	api.Get("/customers/:id/contacts", s.apiContactList)
	api.Post("/customers/:id/contacts", s.apiContactCreate)
	api.Patch("/contacts/:id", s.apiContactUpdate)
	api.Delete("/contacts/:id", s.apiContactDelete)
	api.Get("/customers/:id/followups", s.apiFollowUpList)
	api.Post("/followups", s.apiFollowUpCreate)
	api.Get("/followups/:id", s.apiFollowUpGet)
	api.Patch("/followups/:id", s.apiFollowUpUpdate)
	api.Post("/photos", s.apiPhotoUpload)
	api.Get("/photos/:sum", s.apiPhotoGet)
	api.Get("/settings/customer", s.apiCustomerSettings)
	api.Put("/settings/customer", s.apiCustomerSettingsSave)
	api.Get("/customers/:id/health", s.apiCustomerHealth)
	api.Post("/customers/:id/claim", s.apiCustomerClaim)
	api.Post("/customers/:id/release", s.apiCustomerRelease)
	api.Post("/customers/:id/assign", s.apiCustomerAssign)
	api.Get("/conflicts", s.apiConflictList)
	api.Get("/conflicts/:id", s.apiConflictGet)
	api.Post("/conflicts/:id/resolve", s.apiConflictResolve)
	api.Get("/settings/pool", s.apiPoolRules)
	api.Put("/settings/pool", s.apiPoolRulesSave)
	api.Get("/settings/health", s.apiHealthRules)
	api.Put("/settings/health", s.apiHealthRulesSave)
	api.Get("/settings/conflicts", s.apiConflictRules)
	api.Put("/settings/conflicts", s.apiConflictRulesSave)
}

// customerPages lists the customer-activity pages, behind requireUser.
// TODO: move into routes.go with customerAPI.
//
// They are listed on every server, so the route table is the same with or
// without customer activity; a server built without it (Deps.Customers
// nil, as in the tests of other modules) answers them with not-found,
// except the notifications, which need only the database.
func (s *Server) customerPages(p fiber.Router) {
	page := s.needCustomers
	p.Get("/customers", page(s.customersPage))
	p.Get("/customers/new", page(s.customerNewPage))
	p.Post("/customers", page(s.customerCreateSubmit))
	p.Get("/customers/:id", page(s.customerPage))
	p.Post("/customers/:id", page(s.customerUpdateSubmit))
	p.Get("/customers/:id/edit", page(s.customerEditPage))
	p.Post("/customers/:id/status", page(s.customerStatusSubmit))
	p.Post("/customers/:id/contacts", page(s.contactCreateSubmit))
	p.Post("/customers/:id/contacts/:contact/delete", page(s.contactDeleteSubmit))
	p.Post("/customers/:id/claim", page(s.claimSubmit))
	p.Post("/customers/:id/release", page(s.releaseSubmit))
	p.Post("/customers/:id/assign", page(s.assignSubmit))
	p.Get("/conflicts", page(s.conflictsPage))
	p.Post("/conflicts/:id/resolve", page(s.conflictResolveSubmit))
	p.Get("/followups/new", page(s.followUpNewPage))
	p.Post("/followups", page(s.followUpCreateSubmit))
	p.Get("/admin/settings/customer", page(s.customerSettingsPage))
	p.Post("/admin/settings/customer", page(s.customerSettingsSubmit))
	// Notifications need only the database, so every server has them.
	p.Get("/notifications", s.notificationsPage)
	p.Post("/notifications/read", s.notificationsReadAllSubmit)
	p.Post("/notifications/:id/read", s.notificationReadSubmit)
}

// needCustomers answers not-found when the server has no customer
// activity, instead of failing on use.
func (s *Server) needCustomers(h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Customers == nil {
			return fiber.ErrNotFound
		}
		return h(c)
	}
}
