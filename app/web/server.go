package web

import (
	"context"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/frontline-crm/frontline/app/audit"
	"github.com/frontline-crm/frontline/app/auth"
	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/customer"
	"github.com/frontline-crm/frontline/app/filestore"
	"github.com/frontline-crm/frontline/app/i18n"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/store"
)

// Deps are what the web layer serves.
type Deps struct {
	Config *config.Config
	DB     *store.DB
	Org    *org.Service
	Auth   *auth.Service
	Audit  *audit.Log
	// Customers is customer activity; Files serves stored photos.
	Customers *customer.Service
	Files     *filestore.Store
	Catalogs  i18n.Catalogs
	Clock     clock.Clock
	Log       *slog.Logger
	Version   string
	// TLS is true when the server serves HTTPS; cookies are then Secure.
	TLS bool
}

// Server is the Fiber app with its views and metrics.
type Server struct {
	Deps
	app     *fiber.App
	views   *views
	assets  *assets
	metrics *metrics
}

// bodyLimit caps request bodies. It is sized for a 10 MiB photo with its
// multipart framing; decodeJSON holds JSON bodies to jsonLimit.
const bodyLimit = 11 << 20

// New builds the server and checks every template; a broken template
// fails here, at start-up, not on the first visit.
func New(d Deps) (*Server, error) {
	s := &Server{Deps: d}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(s.assets); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(d.DB)
	s.app = fiber.New(fiber.Config{
		// Immutable makes every string Fiber hands us a copy, so values may
		// safely outlive the handler.
		Immutable:               true,
		DisableStartupMessage:   true,
		BodyLimit:               bodyLimit,
		ReadTimeout:             30 * time.Second,
		WriteTimeout:            60 * time.Second,
		IdleTimeout:             120 * time.Second,
		ErrorHandler:            s.handleError,
		EnableTrustedProxyCheck: true,
		EnableIPValidation:      true,
		TrustedProxies:          d.Config.List("server.trusted_proxies"),
		ProxyHeader:             proxyHeader(d.Config.List("server.trusted_proxies")),
	})
	s.routes()
	return s, nil
}

// proxyHeader believes X-Forwarded-For only when proxies are configured;
// Fiber then uses it only for requests from those proxies.
func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// App exposes the Fiber app, for tests (app.Test) and benchmarks.
func (s *Server) App() *fiber.App { return s.app }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for requests in flight
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.app.ShutdownWithContext(ctx)
}
