package main

import (
	"strings"
	"testing"
)

// TestDemoGeneratesAndAddsMore seeds the demo organisation once, shows
// progress, and adds to an existing directory on a second run (the same
// seed draws the same credit codes, which are then drawn again).
func TestDemoGeneratesAndAddsMore(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "", "demo", "--data", dir, "--customers", "20", "--followups", "90", "--workers", "3")
	if code != exitOK {
		t.Fatalf("demo: exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Demo organisation created", "Wrote customers 20 (", "follow-ups 90,"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if lines := strings.Count(errOut, "\n"); lines != 20 || !strings.Contains(errOut, "customers 20/20, follow-ups 90/90\n") {
		t.Errorf("progress: %d lines, want 20 ending with customers 20/20:\n%s", lines, errOut)
	}

	out = mustCLI(t, "", "demo", "--data", dir, "--customers", "5", "--followups", "10")
	if strings.Contains(out, "Demo organisation created") || !strings.Contains(out, "Wrote customers 5 (") {
		t.Errorf("second run on the same directory:\n%s", out)
	}
}

func TestDemoRefusesBadCounts(t *testing.T) {
	for _, args := range [][]string{
		{"--customers", "-1"}, {"--customers", "0", "--followups", "5"}, {"--workers", "0"}, {"--seed", "x"},
	} {
		args = append([]string{"demo", "--data", t.TempDir()}, args...)
		if code, _, _ := cli(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, errOut := cli(t, "", "demo", "--help"); code != exitOK || !strings.Contains(errOut, "-followups int") {
		t.Errorf("demo --help: exit %d, stderr %q", code, errOut)
	}
}
