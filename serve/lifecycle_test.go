package serve

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"

	tea "github.com/charmbracelet/bubbletea"
)

// Without input a session ends inside the program (terminal restored, a
// reason printed); input keeps it alive.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, IdleTimeout: 300 * time.Millisecond}, func(s *Server) {
		s.newModel = newFake(nil) // the session loop measures idleness, not the UI
	})
	tm := openTerm(t, mustDial(t, ts.addr), 200, 10)
	tm.waitOut(t, 10*time.Second, "EAEU fake")
	// Typing every 100 ms for over three times the timeout.
	for range 10 {
		tm.send(t, "x")
		time.Sleep(100 * time.Millisecond)
	}
	select {
	case <-tm.done:
		t.Fatal("a session with input was closed as idle")
	default:
	}
	tm.waitExit(t, 10*time.Second)
	out := tm.out.String()
	if !strings.Contains(out, "Closed after 300 ms without input.") {
		t.Errorf("no idle message; output tail %q", tail(out, 300))
	}
	if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Error("the terminal was left in the alternate screen")
	}
}

// The real dashboard is ended by the server's idle clock, shows why, and
// gives the terminal back.
func TestIdleTimeoutRealUI(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, IdleTimeout: 300 * time.Millisecond}, nil)
	tm := openTerm(t, mustDial(t, ts.addr), 100, 30)
	tm.waitOut(t, 10*time.Second, altScreenOn)
	tm.waitExit(t, 10*time.Second)
	out := tm.out.String()
	if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Error("the terminal was left in the alternate screen")
	}
	if i := strings.LastIndex(out, altScreenOff); i < 0 || !strings.Contains(out[i:], "Closed after 300 ms without input.") {
		t.Errorf("no idle message on the main screen; output tail %q", tail(out, 300))
	}
}

func TestMaxSession(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, MaxSession: 500 * time.Millisecond}, func(s *Server) { s.newModel = newFake(nil) })
	tm := openTerm(t, mustDial(t, ts.addr), 200, 10)
	tm.waitOut(t, 10*time.Second, "EAEU fake")
	tm.waitExit(t, 10*time.Second)
	out := tm.out.String()
	if !strings.Contains(out, "This session reached its time limit (500 ms).") {
		t.Errorf("no time-limit message; output tail %q", tail(out, 300))
	}
	if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Error("the terminal was left in the alternate screen")
	}
}

// Shutdown tells every viewer, restores their terminals and returns nil;
// Serve returns nil too.
func TestShutdown(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	a := openTerm(t, mustDial(t, ts.addr), 100, 30)
	b := openTerm(t, mustDial(t, ts.addr), 80, 24)
	a.waitOut(t, 10*time.Second, altScreenOn)
	b.waitOut(t, 10*time.Second, altScreenOn)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	for _, tm := range []*term{a, b} {
		tm.waitExit(t, 5*time.Second)
		out := tm.out.String()
		if !strings.Contains(out, "The briefing has ended.") {
			t.Errorf("no goodbye; output tail %q", tail(out, 300))
		}
		if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
			t.Error("the terminal was left in the alternate screen")
		}
	}
	select {
	case err := <-ts.served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		ts.served <- nil // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := dial(ts.addr, "late"); err == nil {
		t.Error("connections are still accepted after Shutdown")
	}
}

// A program that ignores ShutdownMsg is cancelled; Shutdown still returns.
func TestShutdownStubbornProgram(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, func(s *Server) {
		s.newModel = func(*data.Dataset, ui.Options) tea.Model { return stubborn{} }
	})
	tm := openTerm(t, mustDial(t, ts.addr), 80, 24)
	tm.waitOut(t, 10*time.Second, "stubborn")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := ts.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Shutdown took %s", d)
	}
	tm.waitExit(t, 5*time.Second)
	out := tm.out.String()
	if strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Error("the terminal was left in the alternate screen")
	}
}

type stubborn struct{}

func (stubborn) Init() tea.Cmd                         { return nil }
func (s stubborn) Update(tea.Msg) (tea.Model, tea.Cmd) { return s, nil }
func (stubborn) View() string                          { return "stubborn" }

func TestRunReturnsNilWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{Listen: "127.0.0.1:0", Open: true, HostKeyPath: t.TempDir() + "/hk", Load: emptyData, Logger: quietLogger()})
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

// A panic in one session ends that session only; it is logged with its
// stack; the others go on and new ones get in.
func TestPanicInOneSession(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.newModel = newFake(nil) })
	a := openTerm(t, mustDial(t, ts.addr), 200, 10)
	b := openTerm(t, mustDial(t, ts.addr), 200, 10)
	a.waitOut(t, 10*time.Second, "EAEU fake")
	b.waitOut(t, 10*time.Second, "EAEU fake")
	a.send(t, "p")
	a.waitExit(t, 10*time.Second)
	if out := a.out.String(); !strings.Contains(out, "the dashboard failed") || strings.LastIndex(out, altScreenOff) < strings.LastIndex(out, altScreenOn) {
		t.Errorf("panicked session: output tail %q", tail(out, 300))
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, "session panicked") || !strings.Contains(logs, "injected panic") || !strings.Contains(logs, "fakeModel).Update") {
		t.Errorf("panic not logged with its stack:\n%s", logs)
	}
	b.send(t, "n")
	b.waitOut(t, 10*time.Second, stateLine(1))
	c := openTerm(t, mustDial(t, ts.addr), 200, 10)
	c.waitOut(t, 10*time.Second, "EAEU fake")
}

// A panic while building the model, in View, or in a command is confined
// the same way.
func TestPanicElsewhere(t *testing.T) {
	t.Parallel()
	for name, mk := range map[string]func(*data.Dataset, ui.Options) tea.Model{
		"new":  func(*data.Dataset, ui.Options) tea.Model { panic("in New") },
		"view": func(*data.Dataset, ui.Options) tea.Model { return panicky{view: true} },
		"cmd":  func(*data.Dataset, ui.Options) tea.Model { return panicky{} },
	} {
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, Config{Open: true}, func(s *Server) { s.newModel = mk })
			tm := openTerm(t, mustDial(t, ts.addr), 80, 24)
			if code := tm.waitExit(t, 10*time.Second); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if !strings.Contains(tm.out.String(), "the dashboard failed") {
				t.Errorf("output tail %q", tail(tm.out.String(), 300))
			}
			if logs := ts.logs.String(); !strings.Contains(logs, "session panicked") || !strings.Contains(logs, "lifecycle_test.go") {
				t.Errorf("not logged:\n%s", ts.logs.String())
			}
			// The server still serves.
			if _, err := dial(ts.addr, "next"); err != nil {
				t.Errorf("server gone after a panic: %v", err)
			}
		})
	}
}

type panicky struct{ view bool }

func (p panicky) Init() tea.Cmd {
	if p.view {
		return nil
	}
	return func() tea.Msg { panic("in a command") }
}
func (p panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { return p, nil }
func (p panicky) View() string {
	if p.view {
		panic("in View")
	}
	return "ok"
}

// The session channel closes while the connection stays open (OpenSSH
// ControlMaster). The program must end at once instead of reading zero sizes from
// the closed window channel forever.
func TestChannelClosedConnectionOpen(t *testing.T) {
	t.Parallel()
	var sizes atomic.Int64
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.newModel = newFake(&sizes) })
	c := mustDial(t, ts.addr)
	tm := openTerm(t, c, 200, 10)
	tm.waitOut(t, 10*time.Second, "EAEU fake")
	if err := tm.sess.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the program to end", func() bool { return ts.sessionCount() == 0 })
	if n := sizes.Load(); n > 5 {
		t.Errorf("%d window-size messages reached the program; the closed window channel is being read in a loop", n)
	}
	// The connection still works for a new session.
	again := openTerm(t, c, 200, 10)
	again.waitOut(t, 10*time.Second, "EAEU fake")
}

// Shutdown while clients are in the middle of their handshakes: nothing
// panics, everything is closed, Serve returns nil.
func TestShutdownDuringHandshakes(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, nil)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if c, err := dial(ts.addr, "v"); err == nil {
					if s, err := c.NewSession(); err == nil {
						s.RequestPty("xterm", 24, 80, nil)
						s.Shell()
					}
					time.Sleep(20 * time.Millisecond)
					c.Close()
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	close(stop)
	wg.Wait()
	select {
	case err := <-ts.served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		ts.served <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	waitFor(t, 5*time.Second, "every connection to be closed", func() bool { return ts.openConns.Load() == 0 && ts.sessionCount() == 0 })
}

// Without GOGC in the environment a server process lowers the GC target
// to DefaultGCPercent (memory per viewer; main sets it and logs it, see
// TestServeProcess); with GOGC set, the operator's choice stands.
func TestGCPercent(t *testing.T) {
	t.Parallel()
	if pct, ok := GCPercent(func(string) (string, bool) { return "", false }); !ok || pct != DefaultGCPercent {
		t.Errorf("GOGC unset: GCPercent = %d, %v; want %d, true", pct, ok, DefaultGCPercent)
	}
	if _, ok := GCPercent(func(k string) (string, bool) { return "200", k == "GOGC" }); ok {
		t.Errorf("GOGC=200 set: GCPercent wants to change it")
	}
}

// A viewer whose terminal sends LANG=ru_* is told in Russian why the
// session ended or why it cannot start, with durations as people write
// them.
func TestRussianViewerMessages(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, IdleTimeout: 300 * time.Millisecond, MaxSessions: 1}, func(s *Server) {
		s.newModel = newFake(nil)
	})
	tm, err := tryOpenTermEnv(mustDial(t, ts.addr), 200, 10, true, "LANG=ru_RU.UTF-8")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.sess.Close() })
	tm.waitOut(t, 10*time.Second, "EAEU fake")

	full, err := tryOpenTermEnv(mustDial(t, ts.addr), 80, 24, true, "LC_ALL=ru_RU.UTF-8")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { full.sess.Close() })
	full.waitOut(t, 10*time.Second, "Мест нет (зрителей: 1); попробуйте позже.")

	tm.waitExit(t, 10*time.Second)
	if out := tm.out.String(); !strings.Contains(out, "Закрыто: нет ввода 300 мс.") {
		t.Errorf("no Russian idle message; output tail %q", tail(out, 300))
	}
}
