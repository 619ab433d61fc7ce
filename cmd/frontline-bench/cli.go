package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// cliTimeout bounds one `frontline user|token ...` command.
const cliTimeout = time.Minute

// runCLI runs the frontline binary once with stdin and returns its stdout.
func runCLI(bin, stdin string, args ...string) (string, error) {
	return runCLIWithin(cliTimeout, bin, stdin, args...)
}

// runCLIWithin is runCLI with its own time limit, for long commands such
// as `frontline demo`.
func runCLIWithin(limit time.Duration, bin, stdin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("frontline %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}
