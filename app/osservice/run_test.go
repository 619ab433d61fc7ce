package osservice

import (
	"context"
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"
)

func TestRunCancelsOnSIGTERM(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Run serves in the foreground on Linux only")
	}
	err := Run(Config{}, func(ctx context.Context) error {
		// Run has its handler in place before calling serve.
		self, err := os.FindProcess(os.Getpid())
		if err != nil {
			return err
		}
		if err := self.Signal(syscall.SIGTERM); err != nil {
			return err
		}
		<-ctx.Done()
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled from serve", err)
	}
}

func TestRunReturnsServeError(t *testing.T) {
	boom := errors.New("boom")
	err := Run(Config{}, func(context.Context) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want %v", err, boom)
	}
}

func TestProgramStopCancelsServe(t *testing.T) {
	p := newProgram(func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	if err := p.Start(nil); err != nil {
		t.Fatalf("Start: got %v, want nil", err)
	}
	if err := p.Stop(nil); err != nil {
		t.Errorf("Stop: got %v, want nil for a serve ended by Stop", err)
	}
}

func TestProgramServeFailureEndsWait(t *testing.T) {
	boom := errors.New("boom")
	p := newProgram(func(context.Context) error { return boom })
	if err := p.Start(nil); err != nil {
		t.Fatalf("Start: got %v, want nil", err)
	}
	p.wait() // returns because serve has returned, with no signal sent
	if err := p.Stop(nil); !errors.Is(err, boom) {
		t.Errorf("Stop: got %v, want %v", err, boom)
	}
}
