package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite packaging/frontline.toml from the table")

const referencePath = "../../packaging/frontline.toml"

// TestReferenceFileMatchesTable keeps the shipped reference config equal
// to the option table: a new option without a reference entry fails here.
func TestReferenceFileMatchesTable(t *testing.T) {
	want := Reference()
	if *update {
		if err := os.WriteFile(referencePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("read reference: %v (run go test ./app/config -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date with app/config/table.go; run go test ./app/config -update", referencePath)
	}
}

// TestReferenceLoadsAsDefaults proves the reference file is a valid config
// whose values are exactly the defaults.
func TestReferenceLoadsAsDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ref.toml")
	if err := os.WriteFile(path, []byte(Reference()), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(Sources{File: path, Env: noEnv})
	if err != nil {
		t.Fatalf("reference does not load: %v", err)
	}
	for _, o := range Table {
		if got := c.String(o.Name); got != o.Default {
			t.Errorf("%s = %q from reference, want default %q", o.Name, got, o.Default)
		}
	}
}

func noEnv(string) (string, bool) { return "", false }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestPrecedence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.toml")
	os.WriteFile(path, []byte("[server]\naddr = \"127.0.0.1:1111\"\nshutdown_timeout = \"3s\"\n[log]\nlevel = \"warn\"\n"), 0o600)
	c, err := Load(Sources{File: path,
		Env:   envOf(map[string]string{"FRONTLINE_SERVER_ADDR": "127.0.0.1:2222", "FRONTLINE_LOG_LEVEL": "error"}),
		Flags: map[string]string{"server.addr": "127.0.0.1:3333"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, want string }{
		{"server.addr", "127.0.0.1:3333"}, // flag beats env and file
		{"log.level", "error"},            // env beats file
		{"server.shutdown_timeout", "3s"}, // file beats default
		{"session.idle_timeout", "8h"},    // default
	}
	for _, tc := range cases {
		if got := c.String(tc.name); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := c.Duration("server.shutdown_timeout"); got != 3*time.Second {
		t.Errorf("Duration = %v, want 3s", got)
	}
}

func TestValidationNamesEveryProblem(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"bad addr", map[string]string{"FRONTLINE_SERVER_ADDR": "8080"}, []string{"server.addr (from env)", "host:port"}},
		{"bad duration", map[string]string{"FRONTLINE_SESSION_IDLE_TIMEOUT": "soon"}, []string{"session.idle_timeout", "duration"}},
		{"negative duration", map[string]string{"FRONTLINE_SESSION_IDLE_TIMEOUT": "-1h"}, []string{"positive"}},
		{"bad int", map[string]string{"FRONTLINE_LOGIN_RATE_LIMIT": "ten"}, []string{"login.rate_limit", "whole number"}},
		{"zero limit", map[string]string{"FRONTLINE_LOGIN_RATE_LIMIT": "0"}, []string{"at least 1"}},
		{"bad bool", map[string]string{"FRONTLINE_SERVER_INSECURE_HTTP": "maybe"}, []string{"true or false"}},
		{"bad locale", map[string]string{"FRONTLINE_UI_DEFAULT_LOCALE": "fr"}, []string{"zh-CN, en"}},
		{"bad cidr", map[string]string{"FRONTLINE_SERVER_TRUSTED_PROXIES": "10.0.0.0/8, nope"}, []string{`"nope"`}},
		{"two at once", map[string]string{"FRONTLINE_LOG_LEVEL": "loud", "FRONTLINE_SERVER_BASE_URL": "ftp://x"},
			[]string{"log.level", "server.base_url"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(Sources{Env: envOf(tc.env)})
			if err == nil {
				t.Fatal("Load accepted invalid config")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestUnknownFileKeyIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.toml")
	os.WriteFile(path, []byte("[server]\nadress = \"x\"\n"), 0o600) //nolint:misspell // the typo is the test
	_, err := Load(Sources{File: path, Env: noEnv})
	if err == nil || !strings.Contains(err.Error(), `unknown option "server.adress"`) {
		t.Fatalf("got %v, want unknown option error", err)
	}
}

func TestListsFromFileAndEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.toml")
	os.WriteFile(path, []byte("[server]\ntrusted_proxies = [\"10.0.0.1\", \"192.168.0.0/16\"]\n"), 0o600)
	c, err := Load(Sources{File: path, Env: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.List("server.trusted_proxies"); len(got) != 2 || got[1] != "192.168.0.0/16" {
		t.Errorf("List = %v", got)
	}
}

// TestDumpRedactsSecrets proves a secret's value never appears in a dump.
func TestDumpRedactsSecrets(t *testing.T) {
	c, err := Load(Sources{Env: envOf(map[string]string{"FRONTLINE_METRICS_TOKEN": "s3cr3t-value"})})
	if err != nil {
		t.Fatal(err)
	}
	dump := c.Dump()
	if strings.Contains(dump, "s3cr3t-value") {
		t.Fatalf("dump leaks the secret:\n%s", dump)
	}
	if !strings.Contains(dump, `metrics.token = "<redacted>"  # env`) {
		t.Errorf("dump does not show the redacted secret:\n%s", dump)
	}
	if !strings.Contains(dump, `server.addr = "127.0.0.1:8080"  # default`) {
		t.Errorf("dump lacks plain values:\n%s", dump)
	}
}

func TestEnvNames(t *testing.T) {
	if got := (Option{Name: "session.idle_timeout"}).Env(); got != "FRONTLINE_SESSION_IDLE_TIMEOUT" {
		t.Errorf("Env = %q", got)
	}
	seen := map[string]bool{}
	for _, o := range Table {
		if seen[o.Name] {
			t.Errorf("option %s listed twice", o.Name)
		}
		seen[o.Name] = true
		if o.Help == "" {
			t.Errorf("option %s has no help text", o.Name)
		}
	}
}
