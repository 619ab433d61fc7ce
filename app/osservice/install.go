package osservice

import (
	"fmt"
	"os/user"
	"runtime"
	"strings"

	"github.com/kardianos/service"
)

// install provisions the host and registers the service, in this order:
//
//  1. check the paths, the executable and the rights (root for a system
//     service), and refuse when the service is already installed;
//  2. on Linux, for a system service, create the account (see ensureAccount);
//  3. create the data directory, owned by the account, mode 0700;
//  4. write c.DefaultConfig to c.ConfigPath unless a file is there;
//  5. write the unit (launchd plist, Windows service) and enable it.
//
// Steps 2 to 4 change nothing that is already right, and what they did stays
// when a later step fails: running install again after fixing the cause
// finishes the job. Nothing is started; the sentence says how to.
func install(c Config, svc service.Service) (string, error) {
	if err := c.checkInstall(); err != nil {
		return "", err
	}
	st, err := query(svc)
	if err != nil {
		return "", err
	}
	if st != notInstalledState {
		return "", fmt.Errorf("osservice: %s is %w; to change it, run `frontline service uninstall` "+
			"and install again", c.Name, ErrAlreadyInstalled)
	}
	notes, err := provision(c)
	if err != nil {
		return "", err
	}
	if err := svc.Install(); err != nil {
		return "", fmt.Errorf("osservice: register %s with %s: %w", c.Name, svc.Platform(), err)
	}
	notes = append(notes, fmt.Sprintf("installed %s (config %s, data %s); start it with "+
		"`frontline service start`", c.Name, c.ConfigPath, c.DataDir))
	return strings.Join(notes, "\n"), nil
}

func (c Config) checkInstall() error {
	if runtime.GOOS == "linux" {
		if err := c.validateUnit(); err != nil {
			return err
		}
	}
	if err := c.checkExecutable(); err != nil {
		return err
	}
	return requireRoot(c, "install")
}

// provision runs steps 2 to 4 of install and returns what it did or left
// for the administrator to do, one sentence each.
func provision(c Config) ([]string, error) {
	notes := appendNote(nil, userServiceNote(c))
	acct, note, err := serviceAccount(c)
	if err != nil {
		return nil, err
	}
	notes = appendNote(notes, note)
	note, err = makeDataDir(c.DataDir, acct)
	if err != nil {
		return nil, err
	}
	notes = appendNote(notes, note)
	note, err = writeConfig(c.ConfigPath, c.DefaultConfig, acct)
	if err != nil {
		return nil, err
	}
	return appendNote(notes, note), nil
}

// serviceAccount returns the account that owns the data: the service user
// of a Linux system service, nil (the installing user) otherwise.
func serviceAccount(c Config) (*account, string, error) {
	if runtime.GOOS != "linux" || c.UserService {
		return nil, "", nil
	}
	return ensureAccount(c.User, c.DataDir)
}

// userServiceNote warns when a systemd user unit will not start: a user
// manager may switch to another account only when it belongs to root.
func userServiceNote(c Config) string {
	if runtime.GOOS != "linux" || !c.UserService {
		return ""
	}
	me, err := user.Current()
	if err != nil || me.Uid == "0" || me.Username == c.User {
		return ""
	}
	return fmt.Sprintf("warning: the unit runs as user %s but you are %s; systemd starts a "+
		"user service only as its owner, so install it while logged in as %[1]s, "+
		"or make %[2]s the service user",
		c.User, me.Username)
}

func appendNote(notes []string, note string) []string {
	if note == "" {
		return notes
	}
	return append(notes, note)
}
