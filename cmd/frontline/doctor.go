package main

import (
	"fmt"

	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/doctor"
)

func runDoctor(e *env, args []string) error {
	fs := newFlags("doctor", "Check the configuration and the data directory; change nothing.")
	var d dataFlags
	d.register(fs)
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	src := config.Sources{File: d.config}
	if d.data != "" {
		src.Flags = map[string]string{"data.dir": d.data}
	}
	problems := 0
	for _, f := range doctor.Check(src, quietLogger()) {
		mark := "ok "
		if f.Problem {
			mark = "ERR"
			problems++
		}
		fmt.Fprintf(e.stdout, "%s %s\n", mark, f.Text)
	}
	if problems > 0 {
		fmt.Fprintf(e.stdout, "%d problem(s) found.\n", problems)
		return errProblems
	}
	fmt.Fprintln(e.stdout, "No problems found.")
	return nil
}
