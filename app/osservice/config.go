package osservice

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"unicode"

	"github.com/frontline-crm/frontline/app/config"
)

// Config says which service to control and how it runs. Empty fields take
// the defaults listed on each field.
type Config struct {
	// Name is the service (and systemd unit) name; default "frontline".
	Name string
	// DisplayName is shown by Windows; default "Frontline".
	DisplayName string
	// Description is the unit's Description=; default "Frontline sales CRM".
	Description string
	// Executable is the frontline binary the service runs; default the
	// binary of this process.
	Executable string
	// ConfigPath is passed as `serve --config`; default
	// /etc/frontline/frontline.toml (Windows:
	// %ProgramData%\Frontline\frontline.toml).
	ConfigPath string
	// DataDir is the data directory, the only path the unit may write;
	// default /var/lib/frontline (Windows: %ProgramData%\Frontline\data).
	DataDir string
	// User is the account the server runs as on Linux; default "frontline".
	// On macOS and Windows the service runs as the manager's default account.
	User string
	// UserService installs into the current user's service manager
	// (systemd --user, launchd agent) instead of the system one. It needs
	// no root and creates no account.
	UserService bool
	// DefaultConfig is written to ConfigPath at install when no file is
	// there. Nil writes nothing.
	DefaultConfig []byte
}

// dataDirEnv pins the server to the data directory the unit lets it write,
// whatever data.dir the configuration file says.
var dataDirEnv = config.Option{Name: "data.dir"}.Env()

// withDefaults fills empty fields and makes the paths absolute.
func (c Config) withDefaults() (Config, error) {
	fill(&c.Name, "frontline")
	fill(&c.DisplayName, "Frontline")
	fill(&c.Description, "Frontline sales CRM")
	fill(&c.User, "frontline")
	fill(&c.ConfigPath, defaultConfigPath())
	fill(&c.DataDir, defaultDataDir())
	if c.Executable == "" {
		exe, err := os.Executable()
		if err != nil {
			return c, fmt.Errorf("osservice: find this program's path (give --executable): %w", err)
		}
		c.Executable = exe
	}
	for _, p := range []*string{&c.Executable, &c.ConfigPath, &c.DataDir} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return c, fmt.Errorf("osservice: %s: %w", *p, err)
		}
		*p = abs
	}
	return c, nil
}

func fill(field *string, value string) {
	if *field == "" {
		*field = value
	}
}

func defaultConfigPath() string {
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("ProgramData"), "Frontline", "frontline.toml")
	}
	return "/etc/frontline/frontline.toml"
}

func defaultDataDir() string {
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("ProgramData"), "Frontline", "data")
	}
	return "/var/lib/frontline"
}

var (
	unitNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]+$`)
	userPattern     = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
)

// hiddenDirs are the trees a system unit cannot reach: ProtectHome=yes
// hides the first three and PrivateTmp=yes replaces the last two.
var hiddenDirs = []string{"/home", "/root", "/run/user", "/tmp", "/var/tmp"}

// validateUnit checks what goes into the systemd unit, which is plain text
// where a space, quote, % or $ would change the meaning of a line.
func (c Config) validateUnit() error {
	if !unitNamePattern.MatchString(c.Name) {
		return fmt.Errorf("osservice: service name %q may hold only letters, digits and _.@-", c.Name)
	}
	if !userPattern.MatchString(c.User) {
		return fmt.Errorf("osservice: user %q is not a valid Linux account name", c.User)
	}
	if strings.ContainsFunc(c.Description, unicode.IsControl) {
		return fmt.Errorf("osservice: the description must be a single line")
	}
	paths := []struct{ what, path string }{
		{"executable", c.Executable},
		{"config file", c.ConfigPath},
		{"data directory", c.DataDir},
	}
	for _, p := range paths {
		if err := checkUnitPath(p.what, p.path, c.UserService); err != nil {
			return err
		}
	}
	return nil
}

func checkUnitPath(what, p string, userService bool) error {
	if strings.ContainsFunc(p, unsafeInUnit) {
		return fmt.Errorf("osservice: %s %q must not contain spaces, quotes, %%, $, ; or \\; "+
			"choose another path", what, p)
	}
	if p == "/" {
		return fmt.Errorf("osservice: %s must not be /", what)
	}
	if userService {
		return nil
	}
	for _, dir := range hiddenDirs {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return fmt.Errorf("osservice: %s %s is under %s, which the service's sandbox hides; "+
				"choose a path such as /usr/local/bin, /etc/frontline or /var/lib/frontline", what, p, dir)
		}
	}
	return nil
}

func unsafeInUnit(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"'\%$;`, r)
}

// checkExecutable makes sure the unit will find a program to start.
func (c Config) checkExecutable() error {
	info, err := os.Stat(c.Executable)
	if err != nil {
		return fmt.Errorf("osservice: executable: %w", err)
	}
	if !info.Mode().IsRegular() || (runtime.GOOS != "windows" && info.Mode().Perm()&0o111 == 0) {
		return fmt.Errorf("osservice: %s is not an executable file", c.Executable)
	}
	return nil
}
