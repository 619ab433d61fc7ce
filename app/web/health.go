package web

import "github.com/gofiber/fiber/v2"

// healthz answers while the process runs.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 when the database can be read, 503 otherwise.
func (s *Server) readyz(c *fiber.Ctx) error {
	_, err := s.DB.SchemaVersion()
	if err != nil {
		s.Log.Warn("not ready", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "database": "error"})
	}
	return c.JSON(fiber.Map{"status": "ready", "database": "ok", "version": s.Version})
}
