package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-crm/frontline/app/datadir"
	"github.com/frontline-crm/frontline/app/server"
)

// cli runs the command line in-process and returns the exit code and the
// two output streams.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func mustCLI(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, stdin, args...)
	if code != exitOK {
		t.Fatalf("frontline %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func TestUserLifecycle(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "a long enough pw\n", "user", "add", "--data", dir, "--email", "Wang@Example.com",
		"--name", "王芳", "--role", "admin,manager", "--password-stdin")
	list := mustCLI(t, "", "user", "list", "--data", dir)
	if !strings.Contains(list, "wang@example.com") || !strings.Contains(list, "admin,manager") ||
		!strings.Contains(list, "active") {
		t.Errorf("user list lacks the new user:\n%s", list)
	}
	mustCLI(t, "another long pw\n", "user", "reset-password", "--data", dir, "--email", "wang@example.com", "--password-stdin")
	mustCLI(t, "", "user", "add", "--data", dir, "--email", "li@example.com", "--name", "李", "--role", "rep")
	mustCLI(t, "", "user", "disable", "--data", dir, "--email", "li@example.com")
	if list := mustCLI(t, "", "user", "list", "--data", dir); !strings.Contains(list, "disabled") {
		t.Errorf("disabled user not shown as disabled:\n%s", list)
	}
}

func TestUserAddExplainsBadInput(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "short\n", "user", "add", "--data", dir, "--email", "nope", "--name", "",
		"--role", "boss", "--password-stdin")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{"--email: That is not a valid e-mail", "--name: Enter a name", "--roles: There is no role", "--password:"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestUserAddRegionByPath(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "", "user", "add", "--data", dir, "--email", "a@b.cn", "--name", "A", "--role", "rep", "--region", "华东")
	if code != exitFailed || !strings.Contains(errOut, `no region "华东"`) {
		t.Errorf("unknown region: exit %d, stderr %q", code, errOut)
	}
}

// TestTokenCreatePrintsOnlyTheToken proves scripts can capture the token
// with $(frontline token create ...).
func TestTokenCreatePrintsOnlyTheToken(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "", "user", "add", "--data", dir, "--email", "bot@example.com", "--name", "Bot", "--role", "rep")
	out := mustCLI(t, "", "token", "create", "--data", dir, "--user", "bot@example.com", "--name", "ERP")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "frl_") || len(lines[0]) < 40 {
		t.Fatalf("token create printed %q, want one frl_ line", out)
	}
	code, _, errOut := cli(t, "", "token", "revoke", "--data", dir, "--id", "01ARZ3NDEKTSV4RRFFQ69G5FAV")
	if code != exitFailed || !strings.Contains(errOut, "does not exist") {
		t.Errorf("revoking an unknown token: exit %d, stderr %q", code, errOut)
	}
}

// TestLockedDataDirectory proves a command fails at once, naming the
// holder, when another process uses the data directory.
func TestLockedDataDirectory(t *testing.T) {
	dir := t.TempDir()
	held, err := datadir.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errOut := cli(t, "", "user", "list", "--data", dir)
	if code != exitLocked {
		t.Fatalf("exit %d, want %d", code, exitLocked)
	}
	if !strings.Contains(errOut, fmt.Sprintf("process %d", os.Getpid())) || !strings.Contains(errOut, "stop it first") {
		t.Errorf("message does not name the holder and the fix: %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "frontline.lock")); err != nil {
		t.Errorf("lock file gone: %v", err)
	}
}

func TestHelpAndUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--help"}, {"user", "add", "--help"}, {"user", "list", "--help"}, {"user", "disable", "--help"},
		{"user", "reset-password", "--help"}, {"token", "create", "--help"}, {"token", "revoke", "--help"},
		{"service", "install", "--help"}, {"doctor", "--help"}, {"version", "--help"},
	} {
		code, _, errOut := cli(t, "", args...)
		if code != exitOK || !strings.Contains(errOut, "Usage: frontline") {
			t.Errorf("%v: exit %d, stderr %q; want 0 and usage", args, code, errOut)
		}
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"user"}, {"user", "add", "--bogus"}, {"service", "explode"}} {
		if code, _, _ := cli(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestInvalidConfigExitCode(t *testing.T) {
	t.Setenv("FRONTLINE_LOG_LEVEL", "loud")
	code, _, errOut := cli(t, "", "user", "list", "--data", t.TempDir())
	if code != exitConfig || !strings.Contains(errOut, "log.level (from env)") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestServeRefusesPlainHTTPOnLAN(t *testing.T) {
	code, _, errOut := cli(t, "", "serve", "--data", t.TempDir(), "--addr", "0.0.0.0:0")
	if code != exitFailed || !strings.Contains(errOut, "refusing plain HTTP") || !strings.Contains(errOut, "--insecure-http") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDoctor(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "", "user", "add", "--data", dir, "--email", "a@b.cn", "--name", "A", "--role", "rep")
	out := mustCLI(t, "", "doctor", "--data", dir)
	current := fmt.Sprintf("schema version %d is current", server.SchemaVersion())
	if !strings.Contains(out, current) || !strings.Contains(out, "No problems found.") {
		t.Errorf("doctor on a healthy dir:\n%s", out)
	}
	t.Setenv("FRONTLINE_SERVER_ADDR", "0.0.0.0:8080")
	code, out, _ := cli(t, "", "doctor", "--data", dir)
	if code != exitProblems || !strings.Contains(out, "ERR refusing plain HTTP on 0.0.0.0:8080") {
		t.Errorf("doctor on a LAN address without TLS: exit %d\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	if out := mustCLI(t, "", "version"); out != version+"\n" {
		t.Errorf("version printed %q", out)
	}
}
