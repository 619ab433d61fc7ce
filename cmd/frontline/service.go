package main

import (
	"fmt"

	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/osservice"
)

func runService(e *env, args []string) error {
	if len(args) == 0 || !validAction(args[0]) {
		fmt.Fprintln(e.stderr, "Usage: frontline service <install|uninstall|start|stop|status> [flags]")
		return errUsage
	}
	action := args[0]
	fs := newFlags("service "+action, "Control Frontline's operating-system service (systemd, Windows service, launchd).")
	var c osservice.Config
	fs.StringVar(&c.ConfigPath, "config", "", "configuration file the service runs with (default /etc/frontline/frontline.toml)")
	fs.StringVar(&c.DataDir, "data", "", "data directory, the only path the service may write (default /var/lib/frontline)")
	fs.StringVar(&c.User, "user", "", "system account the service runs as (default frontline)")
	fs.BoolVar(&c.UserService, "user-service", false, "install into the current user's service manager instead (no root needed)")
	if err := parse(fs, e, args[1:]); err != nil || helpAsked(args) {
		return err
	}
	c.DefaultConfig = []byte(config.Reference())
	msg, err := osservice.Control(c, action)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg)
	return nil
}

func validAction(a string) bool {
	switch a {
	case "install", "uninstall", "start", "stop", "status":
		return true
	}
	return false
}
