package osservice

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/kardianos/service"

	"github.com/frontline-crm/frontline/packaging"
)

// The errors Control wraps, to be checked with errors.Is. Their text is
// written for the administrator who typed the command.
var (
	// ErrUnknownAction means the action is not one of Actions.
	ErrUnknownAction = errors.New("unknown action; use install, uninstall, start, stop or status")
	// ErrNoServiceManager means kardianos/service found no service manager
	// at all on this operating system.
	ErrNoServiceManager = errors.New("this system has no service manager that frontline can use " +
		"(systemd on Linux, launchd on macOS, the Windows service manager)")
	// ErrNoSystemd means Linux without systemd: the hardened unit is the only
	// way Frontline installs itself there.
	ErrNoSystemd = errors.New("this Linux system does not run systemd, which `frontline service` " +
		"needs; start `frontline serve` from your init system as user frontline instead")
	// ErrNotRoot means a system service was changed by an ordinary user.
	ErrNotRoot = errors.New("must run as root")
	// ErrAlreadyInstalled means install found the service in place.
	ErrAlreadyInstalled = errors.New("already installed")
	// ErrNotInstalled means uninstall, start or stop found no service.
	ErrNotInstalled = errors.New("not installed")
)

// Actions lists what Control accepts, in the order help text shows them.
var Actions = []string{"install", "uninstall", "start", "stop", "status"}

var actions = map[string]func(Config, service.Service) (string, error){
	"install":   install,
	"uninstall": uninstall,
	"start":     start,
	"stop":      stop,
	"status":    status,
}

// Control performs one of Actions on the service cfg describes and returns a
// sentence for the administrator, such as "frontline is running". install
// and uninstall of a system service need root; so do start and stop, except
// on Windows. Errors wrap the Err values above when one applies; others
// come from the service manager or the file system.
func Control(cfg Config, action string) (string, error) {
	act, ok := actions[action]
	if !ok {
		return "", fmt.Errorf("osservice: %q: %w", action, ErrUnknownAction)
	}
	c, err := cfg.withDefaults()
	if err != nil {
		return "", err
	}
	svc, err := newService(c, nopProgram{}, nil)
	if err != nil {
		return "", err
	}
	return act(c, svc)
}

// newService builds the kardianos service for c. runWait, when not nil,
// replaces the library's wait for SIGTERM in Run on Unix systems.
func newService(c Config, prg service.Interface, runWait func()) (service.Service, error) {
	svc, err := service.New(prg, c.serviceConfig(runWait))
	if errors.Is(err, service.ErrNoServiceSystemDetected) {
		return nil, fmt.Errorf("osservice: %w", ErrNoServiceManager)
	}
	if err != nil {
		return nil, fmt.Errorf("osservice: %w", err)
	}
	if runtime.GOOS == "linux" && svc.Platform() != "linux-systemd" {
		return nil, fmt.Errorf("osservice: found %s: %w", svc.Platform(), ErrNoSystemd)
	}
	return svc, nil
}

// serviceConfig maps c onto kardianos. Its templates know only their own
// keys, so the data directory travels as WorkingDirectory (the unit reuses
// it for ReadWritePaths) and as an environment variable that overrides
// data.dir in the configuration file.
func (c Config) serviceConfig(runWait func()) *service.Config {
	sc := &service.Config{
		Name:             c.Name,
		DisplayName:      c.DisplayName,
		Description:      c.Description,
		Executable:       c.Executable,
		Arguments:        []string{"serve", "--config", c.ConfigPath},
		WorkingDirectory: c.DataDir,
		EnvVars:          map[string]string{dataDirEnv: c.DataDir},
		Option: service.KeyValue{
			"SystemdScript":          packaging.SystemdUnit,
			"UserService":            c.UserService,
			"RunAtLoad":              true,      // launchd: start at boot
			"OnFailure":              "restart", // Windows, like Restart=on-failure
			"OnFailureDelayDuration": "5s",      // Windows, like RestartSec=5s
		},
	}
	if runtime.GOOS == "linux" {
		sc.UserName = c.User
	}
	if runWait != nil {
		sc.Option["RunWait"] = runWait
	}
	return sc
}

// nopProgram stands in for the server when Control only talks to the
// service manager.
type nopProgram struct{}

func (nopProgram) Start(service.Service) error { return nil }
func (nopProgram) Stop(service.Service) error  { return nil }

// requireRoot refuses to change a system service without the rights to.
func requireRoot(c Config, action string) error {
	if c.UserService || runtime.GOOS == "windows" || os.Geteuid() == 0 {
		return nil
	}
	return fmt.Errorf("osservice: %w to %s a system service; use sudo", ErrNotRoot, action)
}

func notInstalled(c Config) error {
	return fmt.Errorf("osservice: %s is %w; run `frontline service install` first",
		c.Name, ErrNotInstalled)
}
