package packaging

import _ "embed"

// SystemdUnit is the template of Frontline's systemd unit, given to
// github.com/kardianos/service as its SystemdScript option. It is written in
// that library's own small template syntax ({{Key}}, {{Key | fn}},
// {{range Key}}, {{if Key}}), not text/template, and may use only the keys
// the library passes to its systemd template: Description, Path, Name,
// Arguments, UserName, WorkingDirectory, EnvVars and a few others.
//
//go:embed frontline.service.tmpl
var SystemdUnit string
