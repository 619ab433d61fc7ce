//go:build !linux

package main

import "os/exec"

// setDeathSignal has no equivalent outside Linux; cleanup still stops
// children on a normal exit or an interrupt.
func setDeathSignal(*exec.Cmd) {}
