//go:build !linux

package main

import "time"

// processCPU is not measured outside Linux; CPU per operation shows 0.
func processCPU() time.Duration { return 0 }
