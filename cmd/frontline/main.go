// Command frontline is the Frontline appliance: the server, and the
// commands IT uses to manage it. It only parses the command line and calls
// into app/.
//
// Exit codes: 0 success; 1 the command failed; 2 bad usage; 3 the data
// directory is in use by another process; 4 the configuration is invalid;
// 5 doctor found problems.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/frontline-crm/frontline/app/datadir"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitLocked   = 3
	exitConfig   = 4
	exitProblems = 5
)

// command is one `frontline <name>` command.
type command struct {
	summary string
	run     func(env *env, args []string) error
}

// env is what commands read and write, swappable in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var commands = map[string]command{
	"serve":   {"run the server in the foreground", runServe},
	"user":    {"add, list, disable users and reset passwords", runUser},
	"token":   {"create and revoke personal access tokens", runToken},
	"service": {"install, uninstall, start, stop the OS service; show its status", runService},
	"demo":    {"seed the demo organisation and generate customer activity (benchmarks)", runDemo},
	"doctor":  {"check the configuration and data directory", runDoctor},
	"version": {"print the version", runVersion},
}

func main() {
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

func run(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		return exitUsage
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "frontline: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return exitCode(e, cmd.run(e, args[1:]))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: frontline <command> [flags]   (frontline <command> --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nExit codes: 0 ok, 1 failed, 2 bad usage, 3 data directory in use, 4 invalid configuration, 5 doctor found problems.")
}

// Errors that choose an exit code.
var (
	errUsage    = errors.New("usage")
	errProblems = errors.New("problems found")
)

type configError struct{ err error }

func (c configError) Error() string { return "invalid configuration:\n" + c.err.Error() }

func exitCode(e *env, err error) int {
	var cfgErr configError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errProblems):
		return exitProblems
	case errors.Is(err, datadir.ErrLocked):
		fmt.Fprintln(e.stderr, "frontline:", err)
		return exitLocked
	case errors.As(err, &cfgErr):
		fmt.Fprintln(e.stderr, "frontline:", err)
		return exitConfig
	}
	fmt.Fprintln(e.stderr, "frontline:", err)
	return exitFailed
}

func runVersion(e *env, args []string) error {
	fs := newFlags("version", "print the version")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, version)
	return nil
}
