package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/gofiber/fiber/v2"
)

// serveHello is the child mode: the smallest Fiber app, as a baseline for
// what the HTTP stack alone costs. It shuts down on SIGTERM or SIGINT.
func serveHello(addr string) error {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		return c.SendString("Hello, World!")
	})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sig
		_ = app.Shutdown()
	}()
	return app.Listen(addr)
}
