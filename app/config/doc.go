// Package config holds Frontline's configuration as one declarative table:
// every option has a name, a default, a type, a validation, an environment
// variable and a secret flag. Values come from the defaults, then the TOML
// file, then FRONTLINE_* variables, then command-line flags; a dump redacts
// secrets. The reference file packaging/frontline.toml is generated from the
// table and a test keeps the two equal.
//
// It must not import any other Frontline package.
package config
