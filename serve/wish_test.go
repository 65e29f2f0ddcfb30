package serve

import (
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// A terminal that never answers the background query: a key typed while
// the server waits for the answer reaches the program (doc.go: why not
// wish/bubbletea's MakeRenderer).
func TestSilentTerminalKeepsTypedKey(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true}, func(s *Server) {
		s.newModel = newFake(nil)
		s.queryTimeout = 400 * time.Millisecond
	})
	tm, err := tryOpenTerm(mustDial(t, ts.addr), 200, 10, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.sess.Close() })
	waitFor(t, 5*time.Second, "the background query", func() bool { return strings.Contains(tm.out.String(), "\x1b]11;?") })
	tm.send(t, "n") // while the server still waits for an answer
	tm.waitOut(t, 10*time.Second, stateLine(1))
}

// Upstream behaviour that keeps serve on its own renderer and input: on an
// emulated PTY (what charmbracelet/ssh gives without AllocatePty), wish
// v1.4.7's bubbletea.MakeRenderer queries the background through a reader
// that cannot be cancelled. If the terminal does not answer, MakeRenderer
// returns only when the viewer types, and that keypress is lost.
// If this test fails, upstream has changed: reconsider MakeRenderer.
func TestWishMakeRendererLosesFirstKey(t *testing.T) {
	t.Parallel()
	pemBytes, _, _, err := loadOrCreateHostKey(filepath.Join(t.TempDir(), "hk"))
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		took  time.Duration
		first string
	}
	res := make(chan result, 1)
	srv, err := wish.NewServer(wish.WithHostKeyPEM(pemBytes), wish.WithMiddleware(func(ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			start := time.Now()
			_ = bm.MakeRenderer(sess)
			took := time.Since(start)
			// What a program made with MakeOptions reads: the session
			// itself (tea.WithInput(sess) on an emulated PTY).
			buf := make([]byte, 16)
			n, _ := sess.Read(buf)
			res <- result{took, string(buf[:n])}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	_, sess := stockSession(t, srv)
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	asked := make(chan struct{})
	go func() {
		var seen []byte
		told := false
		buf := make([]byte, 1024)
		for {
			n, err := stdout.Read(buf)
			if !told {
				if seen = append(seen, buf[:n]...); strings.Contains(string(seen), "\x1b]11;?") {
					close(asked)
					told = true
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-time.After(10 * time.Second):
		t.Fatal("MakeRenderer did not query the background")
	}
	time.Sleep(1500 * time.Millisecond) // past MakeRenderer's 1 s query timeout
	io.WriteString(stdin, "n")
	time.Sleep(300 * time.Millisecond)
	io.WriteString(stdin, "m")
	select {
	case r := <-res:
		t.Logf("MakeRenderer returned after %s; the program's first input: %q", r.took.Round(time.Millisecond), r.first)
		if r.took < 1400*time.Millisecond || r.first != "m" {
			t.Errorf("wish's MakeRenderer no longer blocks until a key and swallows it (took %s, first input %q): reconsider it (doc.go)", r.took, r.first)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("MakeRenderer never returned")
	}
}

// Upstream behaviour that keeps serve on its own program runner: wish v1.4.7's bubbletea middleware reads the window channel without
// an ok check, so when a session channel closes while its connection stays
// open the program is sent zero sizes in a loop. Our runner quits instead
// (TestChannelClosedConnectionOpen). If this test fails, upstream has
// changed: reconsider bubbletea.Middleware.
func TestWishMiddlewareZeroSizeFlood(t *testing.T) {
	t.Parallel()
	pemBytes, _, _, err := loadOrCreateHostKey(filepath.Join(t.TempDir(), "hk"))
	if err != nil {
		t.Fatal(err)
	}
	var sizes, zeros atomic.Int64
	started := make(chan struct{}, 1)
	srv, err := wish.NewServer(wish.WithHostKeyPEM(pemBytes), wish.WithMiddleware(bm.Middleware(func(ssh.Session) (tea.Model, []tea.ProgramOption) {
		started <- struct{}{}
		return sizeCounter{&sizes, &zeros}, []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithoutRenderer()}
	})))
	if err != nil {
		t.Fatal(err)
	}
	c, sess := stockSession(t, srv)
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	go io.Copy(io.Discard, stdout)
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	<-started
	io.WriteString(stdin, "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62c") // nothing asked; harmless
	waitFor(t, 5*time.Second, "the first size", func() bool { return sizes.Load() > 0 })
	sess.Close() // the channel closes; the connection c stays open
	time.Sleep(500 * time.Millisecond)
	n := zeros.Load()
	t.Logf("zero-size WindowSizeMsgs in 0.5 s after the channel closed: %d", n)
	if n < 1000 {
		t.Errorf("wish's bubbletea middleware no longer floods zero sizes (%d in 0.5 s): reconsider it (doc.go)", n)
	}
	c.Close()
}

// sizeCounter counts the window sizes a program receives.
type sizeCounter struct{ sizes, zeros *atomic.Int64 }

func (m sizeCounter) Init() tea.Cmd { return nil }
func (m sizeCounter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if w, ok := msg.(tea.WindowSizeMsg); ok {
		m.sizes.Add(1)
		if w.Width == 0 && w.Height == 0 {
			m.zeros.Add(1)
		}
	}
	return m, nil
}
func (m sizeCounter) View() string { return "" }

// stockSession serves srv (a stock wish server) on loopback and opens one
// session to it; the connection is closed when the test ends.
func stockSession(t *testing.T, srv *ssh.Server) (*gossh.Client, *gossh.Session) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	c := mustDial(t, l.Addr().String())
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return c, sess
}
