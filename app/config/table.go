package config

import (
	"fmt"
	"net"
	"strings"
	"time"
)

// Kind is the type of an option's value.
type Kind int

// The kinds of option value.
const (
	String Kind = iota
	Int
	Bool
	Duration
	List // comma-separated strings
)

// Option describes one configuration key.
type Option struct {
	// Name is "section.key", e.g. "server.addr".
	Name    string
	Kind    Kind
	Default string
	// Secret options are redacted in dumps and never logged.
	Secret bool
	// Help is one or two sentences for the reference file.
	Help string
	// Check validates a value beyond its kind; nil accepts any.
	Check func(string) error
}

// Env is the environment variable that overrides the option:
// FRONTLINE_ followed by the name in upper case with dots as underscores.
func (o Option) Env() string {
	return "FRONTLINE_" + strings.ToUpper(strings.ReplaceAll(o.Name, ".", "_"))
}

// Table is every option Frontline knows, in reference-file order.
var Table = []Option{
	{Name: "server.addr", Default: "127.0.0.1:8080", Check: checkAddr,
		Help: "Address and port to listen on. Plain HTTP is allowed on loopback only, unless server.insecure_http is set."},
	{Name: "server.base_url", Check: checkBaseURL,
		Help: "Public URL people reach Frontline at, used in links (setup links, notifications). Empty means derived from server.addr."},
	{Name: "server.tls_cert",
		Help: "Path to the TLS certificate (PEM). With server.tls_key, Frontline serves HTTPS."},
	{Name: "server.tls_key",
		Help: "Path to the TLS private key (PEM) that matches server.tls_cert."},
	{Name: "server.insecure_http", Kind: Bool, Default: "false",
		Help: "Serve plain HTTP on a non-loopback address. Only behind a TLS-terminating proxy on the same host."},
	{Name: "server.trusted_proxies", Kind: List, Check: checkCIDRs,
		Help: "Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. Empty trusts none."},
	{Name: "server.shutdown_timeout", Kind: Duration, Default: "8s", Check: positive,
		Help: "How long a stopping server waits for requests in flight."},
	{Name: "data.dir", Default: "data",
		Help: "Data directory: database (db/), uploaded files (files/) and search index (index/)."},
	{Name: "log.level", Default: "info", Check: oneOf("debug", "info", "warn", "error"),
		Help: "Log level: debug, info, warn or error. Logs are JSON lines on standard output."},
	{Name: "session.idle_timeout", Kind: Duration, Default: "8h", Check: positive,
		Help: "A session unused for this long ends."},
	{Name: "session.absolute_timeout", Kind: Duration, Default: "168h", Check: positive,
		Help: "A session ends this long after login, however active."},
	{Name: "login.rate_limit", Kind: Int, Default: "10", Check: atLeast(1),
		Help: "Login attempts allowed per minute for one account and for one client address."},
	{Name: "ui.default_locale", Default: "zh-CN", Check: oneOf("zh-CN", "en"),
		Help: "Language for people who have not chosen one: zh-CN or en."},
	{Name: "store.gc_interval", Kind: Duration, Default: "1h", Check: positive,
		Help: "How often value-log garbage collection runs (skipped while a backup runs)."},
	{Name: "metrics.token", Secret: true,
		Help: "If set, /metrics requires the header 'Authorization: Bearer <token>'. Empty leaves /metrics open."},
}

// lookup finds an option of Table by name.
func lookup(name string) (Option, bool) {
	for _, o := range Table {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil || port == "" {
		return fmt.Errorf("want host:port such as 127.0.0.1:8080")
	}
	return nil
}

func checkBaseURL(v string) error {
	if v == "" || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return nil
	}
	return fmt.Errorf("want a URL starting with http:// or https://")
}

func checkCIDRs(v string) error {
	for _, s := range splitList(v) {
		if net.ParseIP(s) != nil {
			continue
		}
		if _, _, err := net.ParseCIDR(s); err != nil {
			return fmt.Errorf("%q is neither an IP address nor a CIDR range", s)
		}
	}
	return nil
}

func positive(v string) error {
	d, _ := time.ParseDuration(v)
	if d <= 0 {
		return fmt.Errorf("want a positive duration such as 30s or 8h")
	}
	return nil
}

func atLeast(n int) func(string) error {
	return func(v string) error {
		var i int
		if _, err := fmt.Sscan(v, &i); err != nil || i < n {
			return fmt.Errorf("want a whole number of at least %d", n)
		}
		return nil
	}
}

func oneOf(allowed ...string) func(string) error {
	return func(v string) error {
		for _, a := range allowed {
			if v == a {
				return nil
			}
		}
		return fmt.Errorf("want one of %s", strings.Join(allowed, ", "))
	}
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
