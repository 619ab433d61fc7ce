package osservice

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
)

// account is the Linux account the service runs as.
type account struct {
	name     string
	uid, gid int
}

func lookupAccount(name string) (*account, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, err
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("gid %q: %w", u.Gid, err)
	}
	return &account{name: name, uid: uid, gid: gid}, nil
}

// ensureAccount returns the account, creating it with useradd when missing.
// Without useradd it returns a nil account and a note saying what to do by
// hand; the data directory then keeps root as its owner.
func ensureAccount(name, home string) (*account, string, error) {
	acct, err := lookupAccount(name)
	if err == nil {
		return acct, "", nil
	}
	if !errors.As(err, new(user.UnknownUserError)) {
		return nil, "", fmt.Errorf("osservice: look up user %s: %w", name, err)
	}
	useradd, err := exec.LookPath("useradd")
	if err != nil {
		return nil, fmt.Sprintf("useradd is not available, so user %[1]s was not created: "+
			"create the user and group %[1]s, then run `chown %[1]s:%[1]s %[2]s`, "+
			"before starting the service", name, home), nil
	}
	_, groupErr := user.LookupGroup(name)
	args := useraddArgs(name, home, nologinShell(), groupErr == nil)
	out, err := exec.Command(useradd, args...).CombinedOutput()
	if err != nil {
		return nil, "", fmt.Errorf("osservice: create user %s with useradd: %w: %s",
			name, err, bytes.TrimSpace(out))
	}
	acct, err = lookupAccount(name)
	if err != nil {
		return nil, "", fmt.Errorf("osservice: look up user %s after creating it: %w", name, err)
	}
	return acct, "created system user and group " + name, nil
}

// useraddArgs makes a system account that cannot log in. Its home is the
// data directory, because ProtectHome=yes hides /home from the service
// anyway; --no-create-home leaves creating it to makeDataDir.
func useraddArgs(name, home, shell string, groupExists bool) []string {
	args := []string{"--system", "--no-create-home", "--home-dir", home,
		"--shell", shell, "--comment", "Frontline CRM"}
	if groupExists {
		args = append(args, "--gid", name)
	} else {
		args = append(args, "--user-group")
	}
	return append(args, name)
}

func nologinShell() string {
	for _, p := range []string{"/usr/sbin/nologin", "/sbin/nologin"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "/bin/false"
}

// makeDataDir creates dir with mode 0700, owned by acct when not nil. An
// existing directory gets that owner and mode; its contents are left alone.
func makeDataDir(dir string, acct *account) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("osservice: create data directory: %w", err)
	}
	err := os.Mkdir(dir, 0o700)
	existed := errors.Is(err, fs.ErrExist)
	if err != nil && !existed {
		return "", fmt.Errorf("osservice: create data directory: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("osservice: data directory: %w", err)
	}
	if acct != nil {
		if err := os.Chown(dir, acct.uid, acct.gid); err != nil {
			return "", fmt.Errorf("osservice: data directory: %w", err)
		}
	}
	if !existed {
		return "created data directory " + dir, nil
	}
	if acct == nil {
		return "", nil
	}
	return fmt.Sprintf("data directory %[1]s exists; its contents were left as they are "+
		"(if frontline ran there as another user, run `chown -R %[2]s:%[2]s %[1]s`)", dir, acct.name), nil
}

// writeConfig writes content to path unless a file is already there. As
// root for a system service the file belongs to root and can be read by the
// service's group (mode 0640); otherwise only its owner reads it (0600).
func writeConfig(path string, content []byte, acct *account) (string, error) {
	if content == nil {
		if _, err := os.Stat(path); err != nil {
			return fmt.Sprintf("no configuration file at %s: write one before starting "+
				"the service", path), nil
		}
		return "kept the existing configuration " + path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("osservice: create configuration directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return "kept the existing configuration " + path, nil
	}
	if err != nil {
		return "", fmt.Errorf("osservice: write configuration: %w", err)
	}
	err = fillConfig(f, content, acct)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(path)
		return "", fmt.Errorf("osservice: write configuration %s: %w", path, err)
	}
	return "wrote a default configuration to " + path, nil
}

func fillConfig(f *os.File, content []byte, acct *account) error {
	if _, err := f.Write(content); err != nil {
		return err
	}
	if acct == nil {
		return nil
	}
	if err := f.Chown(-1, acct.gid); err != nil {
		return err
	}
	return f.Chmod(0o640)
}
