package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/frontline-crm/frontline/app/clock"
	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/server"
)

// newFlags makes a flag set whose --help prints the summary and flags.
func newFlags(name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("frontline "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: frontline %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, printing help or errors to stderr; --help exits 0.
func parse(fs *flag.FlagSet, e *env, args []string) error {
	fs.SetOutput(e.stderr)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "frontline: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	return nil
}

// helpAsked reports whether args asked for help, so a command can stop
// after parse printed it.
func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}

// dataFlags are the flags every data-directory command takes.
type dataFlags struct {
	config string
	data   string
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.config, "config", "", "configuration file (TOML); see packaging/frontline.toml")
	fs.StringVar(&d.data, "data", "", "data directory (overrides data.dir)")
}

// load reads the configuration with these flags on top.
func (d *dataFlags) load(extra map[string]string) (*config.Config, error) {
	flags := map[string]string{}
	for k, v := range extra {
		flags[k] = v
	}
	if d.data != "" {
		flags["data.dir"] = d.data
	}
	cfg, err := config.Load(config.Sources{File: d.config, Flags: flags})
	if err != nil {
		return nil, configError{err}
	}
	return cfg, nil
}

// open loads the configuration and opens the data directory.
func (d *dataFlags) open() (*server.App, error) {
	cfg, err := d.load(nil)
	if err != nil {
		return nil, err
	}
	return server.Open(cfg, clock.Real{}, quietLogger())
}

// newLogger writes JSON log lines to stdout at level.
func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}

// quietLogger is for CLI commands whose stdout is their answer.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// readPassword reads one line from stdin (for --password-stdin).
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on stdin; pipe one in, e.g. printf '%s\\n' \"$PW\" | frontline user add")
	}
	return pw, nil
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }
