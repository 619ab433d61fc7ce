package main

import (
	"fmt"
	"strings"
)

// contention describes how busy the machine is right now: the load
// averages and, where the kernel has pressure stall information, the
// share of the last minute some task waited for CPU or for I/O. The
// figures are only as good as this is low.
func contention() string {
	s := "load " + loadAvg()
	for _, res := range []string{"cpu", "io"} {
		if v := pressure(res); v != "" {
			s += fmt.Sprintf(", %s pressure %s%%", res, v)
		}
	}
	return s
}

// pressure is the "some avg60" figure of /proc/pressure/<res>, or "".
func pressure(res string) string {
	line, err := procField("/proc/pressure/"+res, "some ")
	if err != nil {
		return ""
	}
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, "avg60="); ok {
			return v
		}
	}
	return ""
}
