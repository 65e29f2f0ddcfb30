package droplog

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// blocking stands for a pipe nobody reads: every Write waits.
type blocking struct{ release chan struct{} }

func (b blocking) Write(p []byte) (int, error) { <-b.release; return len(p), nil }

type buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestWritesInOrder(t *testing.T) {
	var out buffer
	w := New(&out, 8)
	for _, s := range []string{"a\n", "b\n", "c\n"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	w.Close(time.Second)
	if out.String() != "a\nb\nc\n" {
		t.Fatalf("wrote %q", out.String())
	}
}

// A log whose reader went away never fails the caller.
func TestBrokenLogNeverFails(t *testing.T) {
	w := New(failing{}, 2)
	for range 100 {
		if _, err := w.Write([]byte("line\n")); err != nil {
			t.Fatalf("Write failed: %v", err)
		}
	}
	w.Close(time.Second)
	if _, failed := w.Dropped(); failed == 0 {
		t.Fatal("failed writes are not counted")
	}
	if _, err := w.Write([]byte("after close\n")); err != nil {
		t.Fatalf("Write after Close: %v", err)
	}
}

// A full pipe blocks only the writer goroutine: Write returns at once,
// extra lines are dropped and counted, and the count is written once the
// pipe drains.
func TestFullPipeDropsAndReports(t *testing.T) {
	b := blocking{release: make(chan struct{})}
	w := New(b, 4)
	done := make(chan struct{})
	go func() {
		for range 1000 {
			w.Write([]byte("line\n"))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Write blocked on a full pipe")
	}
	if d, _ := w.Dropped(); d == 0 {
		t.Fatal("no line was dropped although nothing was read")
	}
	start := time.Now()
	w.Close(50 * time.Millisecond)
	if time.Since(start) > 2*time.Second {
		t.Fatal("Close waited for a pipe nobody reads")
	}
	close(b.release)
}

// A real pipe whose reader closed: the write fails (EPIPE) and is counted.
// (On fd 1 and 2 Go would kill the process with SIGPIPE instead, unless
// it is notified of SIGPIPE, as serve's main does: the tmux briefing
// smoke test runs serve into `tee` and ends tee first.)
func TestClosedOSPipe(t *testing.T) {
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	w := New(pw, 4)
	w.Write([]byte("nobody reads this\n"))
	w.Close(time.Second)
	pw.Close()
	if _, failed := w.Dropped(); failed != 1 {
		t.Fatalf("failed = %d, want 1", failed)
	}
}
