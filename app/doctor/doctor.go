// Package doctor checks a configuration and a data directory without
// changing either, and says in one sentence per finding what is wrong and
// how to fix it.
//
// It must not import app/web or any HTTP package.
package doctor

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/frontline-crm/frontline/app/config"
	"github.com/frontline-crm/frontline/app/datadir"
	"github.com/frontline-crm/frontline/app/server"
	"github.com/frontline-crm/frontline/app/store"
)

// Finding is one result; Problem findings make doctor fail.
type Finding struct {
	Problem bool
	Text    string
}

// minFreeBytes is the free space below which doctor warns.
const minFreeBytes = 1 << 30

// Check loads the configuration from src and inspects everything it names.
func Check(src config.Sources, log *slog.Logger) []Finding {
	cfg, err := config.Load(src)
	if err != nil {
		var out []Finding
		for _, line := range strings.Split(err.Error(), "\n") {
			out = append(out, problem("configuration: %s; fix it in the config file or its FRONTLINE_* variable", line))
		}
		return out
	}
	out := []Finding{ok("configuration is valid")}
	out = append(out, checkTransport(cfg)...)
	return append(out, checkData(cfg, log)...)
}

func problem(format string, args ...any) Finding {
	return Finding{Problem: true, Text: fmt.Sprintf(format, args...)}
}

func ok(format string, args ...any) Finding { return Finding{Text: fmt.Sprintf(format, args...)} }

func checkTransport(cfg *config.Config) []Finding {
	if _, err := server.CheckTransport(cfg); err != nil {
		return []Finding{problem("%v", strings.TrimPrefix(err.Error(), "server: "))}
	}
	ln, err := net.Listen("tcp", cfg.String("server.addr"))
	if err != nil {
		return []Finding{ok("address %s is taken, by a running Frontline or another program "+
			"(if Frontline is not running, stop that program or change server.addr)", cfg.String("server.addr"))}
	}
	_ = ln.Close() // only a probe
	return []Finding{ok("address %s is free to listen on", cfg.String("server.addr"))}
}

func checkData(cfg *config.Config, log *slog.Logger) []Finding {
	dir := cfg.String("data.dir")
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []Finding{ok("data directory %s does not exist yet; it is created on first start", dir)}
	}
	if err != nil || !info.IsDir() {
		return []Finding{problem("data directory %s is not a readable directory; fix data.dir or the permissions", dir)}
	}
	out := []Finding{checkSpace(dir)}
	if err := unix.Access(dir, unix.W_OK); err != nil {
		out = append(out, problem("data directory %s is not writable by this user; "+
			"run as the service account or fix its owner (chown -R frontline: %s)", dir, dir))
	}
	return append(out, checkDatabase(cfg, log)...)
}

func checkSpace(dir string) Finding {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return problem("cannot read free space of %s: %v", dir, err)
	}
	free := st.Bavail * uint64(st.Bsize)
	if free < minFreeBytes {
		return problem("only %d MiB free on the disk of %s; free space or move data.dir before it fills up",
			free>>20, dir)
	}
	return ok("%d GiB free on the disk of the data directory", free>>30)
}

// checkDatabase opens the database read-only in spirit: it runs no
// migration and writes nothing, so it inspects the schema version itself.
func checkDatabase(cfg *config.Config, log *slog.Logger) []Finding {
	d, err := datadir.Open(cfg.String("data.dir"))
	var locked *datadir.LockedError
	if errors.As(err, &locked) {
		return []Finding{ok("%s; database checks skipped while it runs", locked.Error())}
	}
	if err != nil {
		return []Finding{problem("%v", err)}
	}
	defer func() { _ = d.Close() }() // read-only inspection: nothing to lose
	if _, err := os.Stat(filepath.Join(d.DB(), "MANIFEST")); errors.Is(err, os.ErrNotExist) {
		return []Finding{ok("no database yet; it is created on first start")}
	}
	db, err := store.Open(d.DB(), store.DefaultOptions(), log)
	if err != nil {
		return []Finding{problem("the database in %s does not open (%v); restore the latest backup", d.DB(), err)}
	}
	defer func() { _ = db.Close() }()
	v, err := db.SchemaVersion()
	if err != nil {
		return []Finding{problem("cannot read the schema version: %v", err)}
	}
	want := server.SchemaVersion()
	switch {
	case v > want:
		return []Finding{problem("the data was written by a newer release (schema %d, this binary knows %d); "+
			"install that release or newer", v, want)}
	case v < want && v != 0:
		return []Finding{ok("schema %d will be migrated to %d at the next start", v, want)}
	}
	return []Finding{ok("database opens, schema version %d is current", v)}
}
