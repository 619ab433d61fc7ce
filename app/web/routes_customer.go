package web

import "github.com/gofiber/fiber/v2"

// customerAPI lists the customer-activity API routes (issue 3), under
// /api/v1 and behind requireUser.
// TODO: move these lines into routes.go once the module's routes settle,
// so every route is listed in one file again.
func (s *Server) customerAPI(api fiber.Router) {
	_ = api
}

// customerPages lists the customer-activity pages, behind requireUser.
// TODO: move into routes.go with customerAPI.
func (s *Server) customerPages(p fiber.Router) {
	_ = p
}
