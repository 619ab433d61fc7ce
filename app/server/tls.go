package server

import (
	"crypto/tls"
	"fmt"
	"net"

	"github.com/frontline-crm/frontline/app/config"
)

// WebConfig is the checked transport setup: the config and, when serving
// HTTPS, the TLS settings.
type WebConfig struct {
	Config *config.Config
	TLS    *tls.Config
}

// CheckTransport decides between HTTPS and plain HTTP. Plain HTTP is
// allowed on loopback; elsewhere only with server.insecure_http, because
// passwords and session cookies would cross the LAN in clear text.
func CheckTransport(cfg *config.Config) (*WebConfig, error) {
	cert, key := cfg.String("server.tls_cert"), cfg.String("server.tls_key")
	if (cert == "") != (key == "") {
		return nil, fmt.Errorf("server: set both server.tls_cert and server.tls_key, or neither")
	}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, fmt.Errorf("server: load TLS certificate %s and key %s: %w", cert, key, err)
		}
		return &WebConfig{Config: cfg, TLS: &tls.Config{Certificates: []tls.Certificate{pair},
			MinVersion: tls.VersionTLS12}}, nil
	}
	addr := cfg.String("server.addr")
	if !isLoopback(addr) && !cfg.Bool("server.insecure_http") {
		return nil, fmt.Errorf("server: refusing plain HTTP on %s, which is reachable from other machines: "+
			"set server.tls_cert and server.tls_key (or FRONTLINE_SERVER_TLS_CERT/_KEY), "+
			"or pass --insecure-http if a TLS proxy on this host fronts Frontline", addr)
	}
	return &WebConfig{Config: cfg}, nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
