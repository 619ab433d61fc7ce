package web

import (
	"crypto/subtle"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"

	"github.com/frontline-crm/frontline/app/problem"
	"github.com/frontline-crm/frontline/app/store"
)

// metrics are the Prometheus series /metrics exposes: requests by route,
// Badger's sizes and the Go runtime.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  func(*fasthttp.RequestCtx)
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontline_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "frontline_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		dbSize(db, "lsm"), dbSize(db, "vlog"))
	m.handler = fasthttpadaptor.NewFastHTTPHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	return m
}

func dbSize(db *store.DB, part string) prometheus.GaugeFunc {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "frontline_badger_size_bytes",
		Help:        "Bytes used by the database, by part (lsm tree or value log).",
		ConstLabels: prometheus.Labels{"part": part},
	}, func() float64 {
		lsm, vlog := db.Sizes()
		if part == "lsm" {
			return float64(lsm)
		}
		return float64(vlog)
	})
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

// serveMetrics answers /metrics in the Prometheus text format, behind a
// bearer token when metrics.token is set.
func (s *Server) serveMetrics(c *fiber.Ctx) error {
	if tok := s.Config.String("metrics.token"); tok != "" {
		got := []byte(c.Get(fiber.HeaderAuthorization))
		if subtle.ConstantTimeCompare(got, []byte("Bearer "+tok)) != 1 {
			return problem.Unauthorized()
		}
	}
	s.metrics.handler(c.Context())
	return nil
}
