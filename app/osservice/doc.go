// Package osservice holds what is behind `frontline service` (install,
// uninstall, start, stop, status) and Run, which lets one binary run under
// the operating system's service manager. It goes through github.com/kardianos/service: systemd on
// Linux (with the unit template from packaging), launchd on macOS and the
// service control manager on Windows.
//
// On Linux a system install also provisions the host: the frontline account,
// the data directory and a first configuration file. It never overwrites a
// configuration file and never deletes data.
//
// It imports packaging (the unit template) and config (the name of the
// data-directory variable) and must not import any other Frontline package:
// controlling the service must not open the store or start the server.
package osservice
