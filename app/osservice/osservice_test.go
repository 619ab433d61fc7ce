package osservice

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kardianos/service"

	"github.com/frontline-crm/frontline/app/config"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the rendered output")

// stubSystemctl records its arguments, one call a line, and answers the
// status queries kardianos makes (is-active, list-unit-files) from whether
// the user unit file exists, the way a real systemctl would.
const stubSystemctl = `#!/bin/sh
echo "$*" >> 'LOGFILE'
unit="$HOME/.config/systemd/user/frontline.service"
case "$1" in
is-active)
	echo inactive
	exit 3 ;;
list-unit-files)
	if [ -f "$unit" ]; then echo "frontline.service disabled enabled"; exit 0; fi
	echo "0 unit files listed."
	exit 1 ;;
esac
exit 0
`

// forcedSystem makes kardianos use a system its detection would refuse
// here (no systemd runs on the test machine).
type forcedSystem struct{ service.System }

func (forcedSystem) Detect() bool { return true }

// fakeSystemd is a user's systemd in a temporary directory.
type fakeSystemd struct {
	root string // everything the test writes lives under root
	home string
	log  string // the stub systemctl's calls
}

// newFakeSystemd points HOME at a temporary directory, puts the stub
// systemctl first in PATH and makes kardianos use its systemd code.
func newFakeSystemd(t *testing.T) *fakeSystemd {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("systemd exists on Linux only")
	}
	root := t.TempDir()
	f := &fakeSystemd{
		root: root,
		home: filepath.Join(root, "home"),
		log:  filepath.Join(root, "systemctl.log"),
	}
	bin := filepath.Join(root, "stubbin")
	mustMkdir(t, f.home, bin)
	script := []byte(strings.ReplaceAll(stubSystemctl, "LOGFILE", f.log))
	if err := os.WriteFile(filepath.Join(bin, "systemctl"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", f.home)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	chooseSystemd(t)
	return f
}

func chooseSystemd(t *testing.T) {
	t.Helper()
	prev := slices.Clone(service.AvailableSystems())
	i := slices.IndexFunc(prev, func(s service.System) bool { return s.String() == "linux-systemd" })
	if i < 0 {
		t.Fatalf("no linux-systemd in kardianos's systems %v", prev)
	}
	service.ChooseSystem(forcedSystem{prev[i]})
	t.Cleanup(func() { service.ChooseSystem(prev...) })
}

// config is a user-service configuration with every path under f.root.
func (f *fakeSystemd) config(t *testing.T) Config {
	t.Helper()
	exe := filepath.Join(f.root, "bin", "frontline")
	mustMkdir(t, filepath.Dir(exe))
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return Config{
		Executable:    exe,
		ConfigPath:    filepath.Join(f.root, "etc", "frontline.toml"),
		DataDir:       filepath.Join(f.root, "data"),
		User:          "frontline",
		UserService:   true,
		DefaultConfig: []byte("# reference\n"),
	}
}

func (f *fakeSystemd) unitPath() string {
	return filepath.Join(f.home, ".config", "systemd", "user", "frontline.service")
}

// calls returns the stub systemctl's invocations, one a line.
func (f *fakeSystemd) calls(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(f.log)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(raw)), "\n")
}

func mustMkdir(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func mustControl(t *testing.T, cfg Config, action string) string {
	t.Helper()
	out, err := Control(cfg, action)
	if err != nil {
		t.Fatalf("Control(%s): got error %v, want nil", action, err)
	}
	return out
}

func TestInstallWritesHardenedUnit(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	mustControl(t, cfg, "install")

	raw, err := os.ReadFile(f.unitPath())
	if err != nil {
		t.Fatalf("read unit: %v", err)
	}
	lines := strings.Split(string(raw), "\n")
	want := []string{
		"ExecStart=" + cfg.Executable + " serve --config " + cfg.ConfigPath,
		"User=frontline",
		"Group=frontline",
		"Restart=on-failure",
		"RestartSec=5s",
		"After=network-online.target",
		"Wants=network-online.target",
		"KillSignal=SIGTERM",
		"TimeoutStopSec=15s",
		"UMask=0077",
		"WorkingDirectory=" + cfg.DataDir,
		"Environment=FRONTLINE_DATA_DIR=" + cfg.DataDir,
		"NoNewPrivileges=yes",
		"ProtectSystem=strict",
		"ProtectHome=yes",
		"PrivateTmp=yes",
		"PrivateDevices=yes",
		"ProtectKernelTunables=yes",
		"ProtectKernelModules=yes",
		"ProtectControlGroups=yes",
		"RestrictSUIDSGID=yes",
		"LockPersonality=yes",
		"RestrictRealtime=yes",
		"RestrictNamespaces=yes",
		"SystemCallArchitectures=native",
		"CapabilityBoundingSet=",
	}
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("unit: got no line %q, want one\n%s", w, raw)
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "RestartSec=") && l != "RestartSec=5s" {
			t.Errorf("unit: got %q, want RestartSec=5s only", l)
		}
		if strings.HasPrefix(l, "AmbientCapabilities=") {
			t.Errorf("unit: got %q, want no ambient capabilities", l)
		}
	}
	checkWritablePaths(t, lines, cfg.DataDir)
	checkGolden(t, "frontline.service.golden", bytes.ReplaceAll(raw, []byte(f.root), []byte("$ROOT")))
}

// checkWritablePaths wants exactly one ReadWritePaths= line naming dataDir.
func checkWritablePaths(t *testing.T, lines []string, dataDir string) {
	t.Helper()
	var got []string
	for _, l := range lines {
		if strings.HasPrefix(l, "ReadWritePaths=") {
			got = append(got, l)
		}
	}
	if want := []string{"ReadWritePaths=" + dataDir}; !slices.Equal(got, want) {
		t.Errorf("unit: got %q, want %q", got, want)
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got\n%s\nwant\n%s", path, got, want)
	}
}

func TestInstallEnablesUserUnit(t *testing.T) {
	f := newFakeSystemd(t)
	mustControl(t, f.config(t), "install")

	calls := f.calls(t)
	enable := slices.Index(calls, "enable --user frontline.service")
	reload := slices.Index(calls, "daemon-reload --user")
	if enable < 0 || reload < enable {
		t.Errorf("systemctl calls: got %q, want enable --user frontline.service "+
			"then daemon-reload --user", calls)
	}
}

func TestInstallTwiceFails(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	mustControl(t, cfg, "install")

	_, err := Control(cfg, "install")
	if !errors.Is(err, ErrAlreadyInstalled) {
		t.Fatalf("second install: got error %v, want ErrAlreadyInstalled", err)
	}
	if want := "frontline is already installed"; !strings.Contains(err.Error(), want) {
		t.Errorf("second install: got %q, want it to say %q", err, want)
	}
}

func TestUninstallRemovesUnit(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	mustControl(t, cfg, "install")
	mustControl(t, cfg, "uninstall")

	if _, err := os.Stat(f.unitPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unit after uninstall: got stat error %v, want not exist", err)
	}
	if !slices.Contains(f.calls(t), "disable --user frontline.service") {
		t.Errorf("systemctl calls: got %q, want disable --user frontline.service", f.calls(t))
	}
	if _, err := os.Stat(cfg.DataDir); err != nil {
		t.Errorf("data directory after uninstall: got %v, want it kept", err)
	}
}

func TestStatus(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	if got, want := mustControl(t, cfg, "status"), "frontline is not installed"; got != want {
		t.Errorf("status before install: got %q, want %q", got, want)
	}
	mustControl(t, cfg, "install")
	if got, want := mustControl(t, cfg, "status"), "frontline is stopped"; got != want {
		t.Errorf("status after install: got %q, want %q", got, want)
	}
}

func TestNotInstalled(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	for _, action := range []string{"start", "stop", "uninstall"} {
		_, err := Control(cfg, action)
		if !errors.Is(err, ErrNotInstalled) {
			t.Errorf("%s: got error %v, want ErrNotInstalled", action, err)
		}
	}
}

func TestStart(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	mustControl(t, cfg, "install")
	got := mustControl(t, cfg, "start")

	if want := "journalctl --user -u frontline"; !strings.Contains(got, want) {
		t.Errorf("start: got %q, want it to mention %q", got, want)
	}
	if !slices.Contains(f.calls(t), "start --user frontline.service") {
		t.Errorf("systemctl calls: got %q, want start --user frontline.service", f.calls(t))
	}
}

func TestInstallWritesDefaultConfigOnce(t *testing.T) {
	tests := []struct {
		name     string
		existing []byte // nil: no file before install
		want     string
	}{
		{name: "absent", want: "# reference\n"},
		{name: "present", existing: []byte("# mine\n"), want: "# mine\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSystemd(t)
			cfg := f.config(t)
			if tt.existing != nil {
				mustMkdir(t, filepath.Dir(cfg.ConfigPath))
				if err := os.WriteFile(cfg.ConfigPath, tt.existing, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			mustControl(t, cfg, "install")

			got, err := os.ReadFile(cfg.ConfigPath)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("config after install: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInstallCreatesPrivateDataDir(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	mustControl(t, cfg, "install")

	info, err := os.Stat(cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode(); got != os.ModeDir|0o700 {
		t.Errorf("data directory mode: got %v, want %v", got, os.ModeDir|0o700)
	}
}

func TestValidateUnitRejectsUnsafeValues(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"space in data dir", func(c *Config) { c.DataDir = "/var/lib/front line" }},
		{"specifier in config", func(c *Config) { c.ConfigPath = "/etc/%n.toml" }},
		{"variable in executable", func(c *Config) { c.Executable = "/usr/bin/$X" }},
		{"root as data dir", func(c *Config) { c.DataDir = "/" }},
		{"bad user", func(c *Config) { c.User = "Front Line" }},
		{"bad name", func(c *Config) { c.Name = "front line" }},
		{"two-line description", func(c *Config) { c.Description = "a\nExecStartPre=/bin/x" }},
		{"system data under /home", func(c *Config) { c.DataDir = "/home/frontline" }},
		{"system config under /tmp", func(c *Config) { c.ConfigPath = "/tmp/frontline.toml" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Config{}.withDefaults()
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(&cfg)
			if err := cfg.validateUnit(); err == nil {
				t.Errorf("got nil error, want a refusal")
			}
		})
	}
}

func TestInstallRefusalWritesNothing(t *testing.T) {
	f := newFakeSystemd(t)
	cfg := f.config(t)
	cfg.DataDir = filepath.Join(f.root, "front line")
	if _, err := Control(cfg, "install"); err == nil {
		t.Fatalf("install: got nil error, want a refusal of the space")
	}
	for _, p := range []string{f.unitPath(), cfg.DataDir, cfg.ConfigPath} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: got stat error %v, want not exist", p, err)
		}
	}
}

func TestUnknownAction(t *testing.T) {
	_, err := Control(Config{}, "restart")
	if !errors.Is(err, ErrUnknownAction) {
		t.Errorf("got error %v, want ErrUnknownAction", err)
	}
}

func TestUseraddArgs(t *testing.T) {
	tests := []struct {
		name        string
		groupExists bool
		want        string
	}{
		{"new group", false, "--system --no-create-home --home-dir /var/lib/frontline " +
			"--shell /usr/sbin/nologin --comment Frontline CRM --user-group frontline"},
		{"existing group", true, "--system --no-create-home --home-dir /var/lib/frontline " +
			"--shell /usr/sbin/nologin --comment Frontline CRM --gid frontline frontline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := useraddArgs("frontline", "/var/lib/frontline", "/usr/sbin/nologin", tt.groupExists)
			if got := strings.Join(args, " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The unit pins the data directory through this variable; it must be the
// one the configuration table reads.
func TestDataDirEnvIsAConfigOption(t *testing.T) {
	i := slices.IndexFunc(config.Table, func(o config.Option) bool { return o.Env() == dataDirEnv })
	if i < 0 {
		t.Errorf("got no option in config.Table read from %s, want data.dir", dataDirEnv)
	}
}

// myAccount is the test's own account: chown to it needs no root.
func myAccount(t *testing.T) *account {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no ownership to set on Windows")
	}
	return &account{name: "me", uid: os.Getuid(), gid: os.Getgid()}
}

func TestWriteConfigForServiceGroup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "etc", "frontline.toml")
	if _, err := writeConfig(path, []byte("# reference\n"), myAccount(t)); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o640 {
		t.Errorf("config mode: got %v, want %v", got, os.FileMode(0o640))
	}
}

func TestMakeDataDirTightensExistingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustMkdir(t, dir)
	note, err := makeDataDir(dir, myAccount(t))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("data directory mode: got %v, want %v", got, os.FileMode(0o700))
	}
	if want := "chown -R me:me " + dir; !strings.Contains(note, want) {
		t.Errorf("note: got %q, want it to suggest %q", note, want)
	}
}
