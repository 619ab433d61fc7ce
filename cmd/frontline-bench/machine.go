package main

import (
	"debug/buildinfo"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// machine describes where the figures were taken.
type machine struct {
	Date      string
	CPUs      int
	CPUModel  string
	MemTotal  string
	Kernel    string
	GoBench   string
	GoBinary  string
	TempDir   string
	TempMount string
	// Busy is how busy the machine was when the run began (contention).
	Busy string
}

func describeMachine(work, binary string) machine {
	work, _ = filepath.Abs(work)
	m := machine{
		Date:     time.Now().Format("2006-01-02 15:04 MST"),
		CPUs:     runtime.NumCPU(),
		CPUModel: orUnknown(procField("/proc/cpuinfo", "model name")),
		MemTotal: orUnknown(procField("/proc/meminfo", "MemTotal:")),
		Kernel:   orUnknown(readTrim("/proc/sys/kernel/osrelease")),
		GoBench:  runtime.Version(),
		GoBinary: binaryGoVersion(binary),
		TempDir:  filepath.Dir(work),
	}
	m.TempMount = mountOf(work)
	m.Busy = contention()
	return m
}

// loadAvg is the 1, 5 and 15 minute load averages.
func loadAvg() string {
	s, err := readTrim("/proc/loadavg")
	if f := strings.Fields(s); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func orUnknown(s string, err error) string {
	if err != nil {
		return "unknown"
	}
	return strings.TrimPrefix(s, ": ")
}

func readTrim(path string) (string, error) {
	raw, err := os.ReadFile(path)
	return strings.TrimSpace(string(raw)), err
}

func binaryGoVersion(path string) string {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	return bi.GoVersion
}

// mountOf names the filesystem dir lives on, from the longest matching
// mount point in /proc/mounts: "device type (mount point)".
func mountOf(dir string) string {
	raw, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return "unknown"
	}
	best, bestLen := "unknown", -1
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || !under(dir, f[1]) || len(f[1]) <= bestLen {
			continue
		}
		best, bestLen = fmt.Sprintf("%s %s (mounted on %s)", f[0], f[2], f[1]), len(f[1])
	}
	return best
}

func under(dir, mount string) bool {
	return mount == "/" || dir == mount || strings.HasPrefix(dir, mount+"/")
}

func (m machine) print(w io.Writer) {
	fmt.Fprintf(w, "## Machine\n\n")
	fmt.Fprintf(w, "- date: %s\n- nproc: %d\n- CPU: %s\n- memory: %s\n",
		m.Date, m.CPUs, m.CPUModel, m.MemTotal)
	fmt.Fprintf(w, "- kernel: %s\n- Go: %s (binary built with %s)\n", m.Kernel, m.GoBench, m.GoBinary)
	fmt.Fprintf(w, "- temp dirs: %s on %s\n", m.TempDir, m.TempMount)
	fmt.Fprintf(w, "- other work at start: %s\n\n", m.Busy)
}
