package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// syncBuffer is a goroutine-safe bytes.Buffer.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type testServer struct {
	*Server
	addr   string
	logs   *syncBuffer
	served chan error
}

// startServer runs a server on 127.0.0.1:0 with test-friendly knobs.
// tweak may change the Server's knobs before it serves.
func startServer(t testing.TB, cfg Config, tweak func(*Server)) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = log.NewWithOptions(logs, log.Options{Level: log.DebugLevel})
	}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = filepath.Join(t.TempDir(), "host_ed25519")
	}
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.Load == nil {
		cfg.Load = func() (*data.Dataset, error) { return &data.Dataset{}, nil }
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.shutdownGrace = 500 * time.Millisecond
	if tweak != nil {
		tweak(s)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: s, addr: l.Addr().String(), logs: logs, served: make(chan error, 1)}
	go func() { ts.served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		select {
		case <-ts.served:
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not return after Shutdown")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return ts
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writeKeys writes an authorized_keys file; comments[i] names keys[i].
func writeKeys(t testing.TB, keys []gossh.Signer, comments ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# test keys\n\n")
	for i, k := range keys {
		line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))
		if i < len(comments) {
			line += " " + comments[i]
		}
		b.WriteString(line + "\n")
	}
	path := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func dial(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

func mustDial(t testing.TB, addr string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := dial(addr, "viewer", auth...)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// openAuth answers keyboard-interactive with nothing (open servers ask no
// questions).
func openAuth() gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return nil, nil
	})
}

// term is a client-side terminal: a PTY session whose output is recorded
// and which answers the server's background-colour query like a terminal.
type term struct {
	sess  *gossh.Session
	stdin io.WriteCloser
	out   *syncBuffer
	done  chan error // the session's exit
}

func openTerm(t testing.TB, c *gossh.Client, w, h int) *term {
	t.Helper()
	tm, err := tryOpenTerm(c, w, h, true)
	if err != nil {
		t.Fatalf("open terminal: %v", err)
	}
	t.Cleanup(func() { tm.sess.Close() })
	return tm
}

func tryOpenTerm(c *gossh.Client, w, h int, answer bool) (*term, error) {
	return tryOpenTermEnv(c, w, h, answer)
}

// tryOpenTermEnv is tryOpenTerm with environment variables ("LANG=ru_RU.UTF-8")
// sent before the PTY request, as OpenSSH's SendEnv does.
func tryOpenTermEnv(c *gossh.Client, w, h int, answer bool, env ...string) (*term, error) {
	sess, err := c.NewSession()
	if err != nil {
		return nil, err
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(k, v); err != nil {
			sess.Close()
			return nil, err
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		sess.Close()
		return nil, err
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		sess.Close()
		return nil, err
	}
	tm := &term{sess: sess, stdin: stdin, out: &syncBuffer{}, done: make(chan error, 1)}
	go func() {
		buf := make([]byte, 32*1024)
		answered := !answer
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				tm.out.Write(buf[:n])
				if !answered && strings.Contains(tm.out.String(), "\x1b]11;?") {
					answered = true
					io.WriteString(stdin, "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c")
				}
			}
			if err != nil {
				break
			}
		}
		tm.done <- sess.Wait()
	}()
	return tm, nil
}

func (tm *term) send(t testing.TB, s string) {
	t.Helper()
	if _, err := io.WriteString(tm.stdin, s); err != nil {
		t.Fatalf("send %q: %v", s, err)
	}
}

// waitOut waits until the output contains every one of subs.
func (tm *term) waitOut(t testing.TB, timeout time.Duration, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out := tm.out.String()
		missing := ""
		for _, s := range subs {
			if !strings.Contains(out, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %q in the output; last 600 bytes:\n%q", missing, tail(out, 600))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitExit waits for the session to end and returns its exit status.
func (tm *term) waitExit(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case err := <-tm.done:
		if err == nil {
			return 0
		}
		if ee, ok := err.(*gossh.ExitError); ok {
			return ee.ExitStatus()
		}
		return -1
	case <-time.After(timeout):
		t.Fatalf("session did not end within %s; last output:\n%q", timeout, tail(tm.out.String(), 600))
		return -1
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

const altScreenOn, altScreenOff = "\x1b[?1049h", "\x1b[?1049l"

// stateN makes a distinct ui.State for n, whatever fields State has today:
// it sets the first integer (else string) field.
func stateN(n int) ui.State {
	var st ui.State
	v := reflect.ValueOf(&st).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.CanSet() && f.CanInt() {
			f.SetInt(int64(n))
			return st
		}
	}
	for i := range v.NumField() {
		f := v.Field(i)
		if f.CanSet() && f.Kind() == reflect.String {
			f.SetString(strconv.Itoa(n))
			return st
		}
	}
	panic("ui.State has no integer or string field to vary")
}

// stateIndex is the inverse of stateN.
func stateIndex(st ui.State) int {
	v := reflect.ValueOf(st)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.CanInt() {
			return int(f.Int())
		}
	}
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.String {
			n, _ := strconv.Atoi(f.String())
			return n
		}
	}
	return 0
}

// fakeModel stands in for the dashboard where a test must see what the
// server sent the program. Its one-line view reports it; keys: n (next
// state, published via OnState), q (quit), p (panic).
type fakeModel struct {
	opts     ui.Options
	st       ui.State
	n        int
	role     ui.RoleMsg
	follows  int
	banner   string
	datasets int
	data     int // len(Indicators) of the current dataset
	w, h     int
	sizes    *atomic.Int64
}

func newFake(sizes *atomic.Int64) func(*data.Dataset, ui.Options) tea.Model {
	return func(ds *data.Dataset, o ui.Options) tea.Model {
		return &fakeModel{opts: o, sizes: sizes, data: len(ds.Indicators)}
	}
}

func (m *fakeModel) State() ui.State { return m.st }
func (m *fakeModel) Init() tea.Cmd   { return nil }

func (m *fakeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		// Runes typed together arrive as one message.
		for _, r := range msg.Runes {
			switch r {
			case 'q':
				return m, tea.Quit
			case 'p':
				panic("injected panic")
			case 'n':
				m.n = stateIndex(m.st) + 1
				m.st = stateN(m.n)
				if m.opts.OnState != nil {
					m.opts.OnState(m.st)
				}
			}
		}
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		if m.sizes != nil {
			m.sizes.Add(1)
		}
	case ui.RoleMsg:
		m.role = msg
	case ui.FollowMsg:
		m.follows++
		m.st = msg.State
	case ui.BannerMsg:
		m.banner = msg.Text
	case ui.DatasetMsg:
		m.datasets++
		m.data = len(msg.Dataset.Indicators)
	case ui.ShutdownMsg:
		return m, tea.Quit
	}
	return m, nil
}

func (m *fakeModel) View() string {
	return fmt.Sprintf("EAEU fake role=%d presenter=%q viewers=%d state=%d banner=%q datasets=%d data=%d. size=%dx%d servers=%d/%d lost=%v.",
		m.role.Role, m.role.Presenter, m.role.Audience.Following, stateIndex(m.st), m.banner, m.datasets, m.data, m.w, m.h,
		m.role.Audience.OtherData, m.role.Audience.Servers, m.role.Unreachable)
}
