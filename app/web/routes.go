package web

import "github.com/gofiber/fiber/v2"

// routes lists every route of the server in one place. GET routes never
// change state (a test walks this table to prove it).
func (s *Server) routes() {
	a := s.app
	a.Use(s.observe, s.secureHeaders)

	// Machine endpoints, before any credential handling.
	a.Get("/healthz", s.healthz)
	a.Get("/readyz", s.readyz)
	a.Get("/metrics", s.serveMetrics)
	a.Get("/assets/:hash/*", s.assets.serve)

	a.Use(s.identify, s.checkCSRF)

	// Pages open to everyone.
	a.Get("/login", s.loginPage)
	a.Post("/login", s.loginSubmit)
	a.Get("/setup/:secret", s.setupPage)
	a.Post("/setup/:secret", s.setupSubmit)
	a.Post("/locale", s.localeSubmit)

	// Pages for signed-in users.
	p := a.Group("", requireUser)
	p.Get("/", s.homePage)
	p.Post("/logout", s.logoutSubmit)
	p.Get("/profile", s.profilePage)
	p.Post("/profile", s.profileSubmit)
	p.Post("/profile/password", s.passwordSubmit)
	p.Post("/profile/tokens", s.tokenCreateSubmit)
	p.Post("/profile/tokens/:id/revoke", s.tokenRevokeSubmit)
	p.Get("/admin/users", s.usersPage)
	p.Get("/admin/users/new", s.userNewPage)
	p.Post("/admin/users", s.userCreateSubmit)
	p.Get("/admin/users/:id", s.userEditPage)
	p.Post("/admin/users/:id", s.userUpdateSubmit)
	p.Post("/admin/users/:id/disable", s.userDisableSubmit)
	p.Post("/admin/users/:id/enable", s.userEnableSubmit)
	p.Post("/admin/users/:id/password", s.userPasswordSubmit)
	p.Get("/admin/regions", s.regionsPage)
	p.Post("/admin/regions", s.regionCreateSubmit)
	p.Post("/admin/regions/:id", s.regionUpdateSubmit)
	p.Post("/admin/regions/:id/delete", s.regionDeleteSubmit)
	p.Get("/admin/audit", s.auditPage)
	s.customerPages(p)

	// JSON API.
	api := a.Group("/api/v1", requireUser)
	api.Get("/me", s.apiMe)
	api.Get("/regions", s.apiRegionList)
	api.Post("/regions", s.apiRegionCreate)
	api.Get("/regions/:id", s.apiRegionGet)
	api.Patch("/regions/:id", s.apiRegionUpdate)
	api.Delete("/regions/:id", s.apiRegionDelete)
	api.Get("/users", s.apiUserList)
	api.Post("/users", s.apiUserCreate)
	api.Get("/users/:id", s.apiUserGet)
	api.Patch("/users/:id", s.apiUserUpdate)
	api.Post("/users/:id/disable", s.apiUserDisable)
	api.Post("/users/:id/enable", s.apiUserEnable)
	api.Get("/tokens", s.apiTokenList)
	api.Post("/tokens", s.apiTokenCreate)
	api.Delete("/tokens/:id", s.apiTokenRevoke)
	api.Get("/audit", s.apiAuditList)
	s.customerAPI(api)

	a.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
