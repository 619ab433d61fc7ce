package main

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) this process has used so far,
// all goroutines together, Badger's background work included.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
