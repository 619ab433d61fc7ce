package osservice

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/kardianos/service"
)

// state is what the service manager says about the service.
type state int

const (
	notInstalledState state = iota
	stoppedState
	runningState
	failedState
)

// systemdFailed is the text of the error kardianos/service returns for a
// unit in systemd's "failed" state; it has no sentinel for it.
const systemdFailed = "service in failed state"

// query asks the service manager for the service's state.
func query(svc service.Service) (state, error) {
	st, err := svc.Status()
	switch {
	case errors.Is(err, service.ErrNotInstalled):
		return notInstalledState, nil
	case err != nil && err.Error() == systemdFailed:
		return failedState, nil
	case err != nil:
		return 0, fmt.Errorf("osservice: status: %w", err)
	case st == service.StatusRunning:
		return runningState, nil
	case st == service.StatusStopped:
		return stoppedState, nil
	}
	return 0, fmt.Errorf("osservice: the service manager reports an unknown state")
}

func status(c Config, svc service.Service) (string, error) {
	st, err := query(svc)
	if err != nil {
		return "", err
	}
	switch st {
	case notInstalledState:
		return c.Name + " is not installed", nil
	case runningState:
		return c.Name + " is running", nil
	case failedState:
		return fmt.Sprintf("%s has failed; its log is in %s", c.Name, logHint(c)), nil
	}
	return c.Name + " is stopped", nil
}

func start(c Config, svc service.Service) (string, error) {
	if err := requireRoot(c, "start"); err != nil {
		return "", err
	}
	st, err := query(svc)
	if err != nil {
		return "", err
	}
	switch st {
	case notInstalledState:
		return "", notInstalled(c)
	case runningState:
		return c.Name + " is already running", nil
	}
	if err := svc.Start(); err != nil {
		return "", fmt.Errorf("osservice: start %s (its log is in %s): %w", c.Name, logHint(c), err)
	}
	return fmt.Sprintf("started %s; its log is in %s", c.Name, logHint(c)), nil
}

func stop(c Config, svc service.Service) (string, error) {
	if err := requireRoot(c, "stop"); err != nil {
		return "", err
	}
	st, err := query(svc)
	if err != nil {
		return "", err
	}
	switch st {
	case notInstalledState:
		return "", notInstalled(c)
	case stoppedState:
		return c.Name + " is already stopped", nil
	}
	if err := svc.Stop(); err != nil {
		return "", fmt.Errorf("osservice: stop %s: %w", c.Name, err)
	}
	return "stopped " + c.Name, nil
}

// uninstall stops the service if it runs, then removes it from the service
// manager. The account, the configuration file and the data stay.
func uninstall(c Config, svc service.Service) (string, error) {
	if err := requireRoot(c, "uninstall"); err != nil {
		return "", err
	}
	st, err := query(svc)
	if err != nil {
		return "", err
	}
	if st == notInstalledState {
		return "", notInstalled(c)
	}
	if st == runningState {
		if err := svc.Stop(); err != nil {
			return "", fmt.Errorf("osservice: stop %s before removing it: %w", c.Name, err)
		}
	}
	if err := svc.Uninstall(); err != nil {
		return "", fmt.Errorf("osservice: uninstall %s: %w", c.Name, err)
	}
	return fmt.Sprintf("uninstalled %s; kept the configuration %s and the data %s "+
		"(delete them yourself if you no longer need them)", c.Name, c.ConfigPath, c.DataDir), nil
}

// logHint says where the server's output goes under the service manager.
func logHint(c Config) string {
	switch {
	case runtime.GOOS == "windows":
		return "the Windows Event Viewer"
	case runtime.GOOS == "darwin" && c.UserService:
		return "~/" + c.Name + ".err.log"
	case runtime.GOOS == "darwin":
		return "/var/log/" + c.Name + ".err.log"
	case c.UserService:
		return "`journalctl --user -u " + c.Name + "`"
	}
	return "`journalctl -u " + c.Name + "`"
}
