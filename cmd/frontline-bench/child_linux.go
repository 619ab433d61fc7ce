package main

import (
	"os/exec"
	"syscall"
)

// setDeathSignal asks the kernel to SIGTERM the child if this program dies
// without cleaning up (e.g. SIGKILL), so no server is left behind.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
