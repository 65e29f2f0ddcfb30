package serve

import (
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func pumpFrom(t *testing.T) (*inputPump, io.WriteCloser) {
	t.Helper()
	r, w := io.Pipe()
	p := newInputPump()
	go p.run(r)
	t.Cleanup(func() { w.Close(); p.close() })
	return p, w
}

// The background query learns a light or dark terminal, and keys typed
// around the replies still reach the program.
func TestBackgroundQuery(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, reply string
		dark        bool
	}{
		{"light, ST", "\x1b]11;rgb:ffff/ffff/f0f0\x1b\\\x1b[?62;22c", false},
		{"dark, BEL", "\x1b]11;rgb:1e1e/1e1e/2e2e\x07\x1b[?1;2c", true},
		{"light, 8-bit", "\x1b]11;rgb:fa/fa/fa\x07\x1b[?6c", false},
		{"no OSC 11 support", "\x1b[?62c", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, w := pumpFrom(t)
			go io.WriteString(w, "ab"+tc.reply+"q")
			var out syncBuffer
			if got := queryDarkBackground(&out, p, 5*time.Second); got != tc.dark {
				t.Errorf("dark=%v, want %v", got, tc.dark)
			}
			if out.String() != terminalQuery {
				t.Errorf("query %q", out.String())
			}
			buf := make([]byte, 16)
			var got string
			for len(got) < 3 {
				n, err := p.Read(buf)
				if err != nil {
					t.Fatal(err)
				}
				got += string(buf[:n])
			}
			if got != "abq" {
				t.Errorf("the program got %q, want the typed keys \"abq\"", got)
			}
		})
	}
}

// A terminal that never answers costs the timeout, not the first key.
func TestBackgroundQuerySilentTerminal(t *testing.T) {
	t.Parallel()
	p, w := pumpFrom(t)
	if !queryDarkBackground(io.Discard, p, 50*time.Millisecond) {
		t.Error("a silent terminal was taken for light")
	}
	go io.WriteString(w, "x")
	buf := make([]byte, 4)
	n, err := p.Read(buf)
	if err != nil || string(buf[:n]) != "x" {
		t.Errorf("first key after the query: %q, %v", buf[:n], err)
	}
	w.Close()
	if _, err := p.Read(buf); err != io.EOF {
		t.Errorf("after the client's input ends: %v, want EOF", err)
	}
}

func TestClientLang(t *testing.T) {
	t.Parallel()
	for env, want := range map[string]string{"LANG=ru_RU.UTF-8": "ru", "LANG=en_GB.UTF-8": "en", "X=1": ""} {
		if got := clientLang([]string{env}); got != want {
			t.Errorf("%s: %q, want %q", env, got, want)
		}
	}
	if got := clientLang([]string{"LANG=en_US.UTF-8", "LC_ALL=ru_RU.UTF-8"}); got != "ru" {
		t.Errorf("LC_ALL should win: %q", got)
	}
}

// envSession is the part of an SSH session newSessionRenderer reads.
type envSession struct {
	ssh.Session
	env []string
}

func (e envSession) Environ() []string           { return e.env }
func (e envSession) Write(p []byte) (int, error) { return len(p), nil }

// The colour profile follows the client's terminal: TERM from the PTY
// request, COLORTERM and NO_COLOR from the client's environment.
func TestSessionRendererProfile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		term string
		env  []string
		want termenv.Profile
	}{
		{"dumb", nil, termenv.Ascii},
		{"", nil, termenv.Ascii},
		{"dumb", []string{"COLORTERM=truecolor"}, termenv.Ascii},
		{"xterm", nil, termenv.ANSI},
		{"xterm-256color", nil, termenv.ANSI256},
		{"xterm-256color", []string{"COLORTERM=truecolor"}, termenv.TrueColor},
		{"xterm-256color", []string{"NO_COLOR=1"}, termenv.Ascii},
	}
	for _, c := range cases {
		r := newSessionRenderer(envSession{env: c.env}, ssh.Pty{Term: c.term}, true)
		if got := r.ColorProfile(); got != c.want {
			t.Errorf("TERM=%q env %v: profile %v, want %v", c.term, c.env, got, c.want)
		}
	}
}

// A terminal that answers the background query after its timeout (a slow
// link): the late reply is not the viewer's typing. Read as keys, its
// "rgb:0000/0000/0000" opened the dashboard's filter with "/", and the
// viewer's q went into the filter instead of ending the session
// (TestNoLeaks saw it once under -race, where the reply came after the
// 300 ms timeout).
func TestLateQueryReplyIsNotTyped(t *testing.T) {
	t.Parallel()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{Open: true, Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		s.queryTimeout = 20 * time.Millisecond
	})
	for _, tc := range []struct{ name, reply string }{
		{"ST", "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c"},
		{"BEL", "\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?1;2c"},
		{"OSC 11 only", "\x1b]11;rgb:0000/0000/0000\x07"},
		{"DA1 only", "\x1b[?62c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := mustDial(t, ts.addr)
			tm, err := tryOpenTerm(c, 100, 30, false)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { tm.sess.Close() })
			tm.waitOut(t, 10*time.Second, "EAEU") // the program runs: the query has timed out
			tm.send(t, tc.reply)
			tm.send(t, "q")
			if code := tm.waitExit(t, 10*time.Second); code != 0 {
				t.Errorf("exit status %d", code)
			}
		})
	}
}

// A late reply cut between reads is still taken out whole, and the keys
// around it reach the program. (A lone ESC at the end of a read is the
// Esc key and goes on at once: a reply is not cut right after its ESC.)
func TestLateQueryReplyInPieces(t *testing.T) {
	t.Parallel()
	for _, cut := range [][]string{
		{"a\x1b]11;rgb:00", "00/0000/0000\x1b\\\x1b[?6", "2c", "b"},
		{"a\x1b]", "11;rgb:0000/0000/0000\x07", "\x1b[", "?62;22cb"},
		{"a", "\x1b]11;rgb:0000/0000/0000\x1b", "\\\x1b[?62;22c", "b"},
	} {
		p, w := pumpFrom(t)
		go io.WriteString(w, cut[0]) // before or after the timeout: the same
		if !queryDarkBackground(io.Discard, p, 100*time.Millisecond) {
			t.Errorf("%q: a terminal that did not answer in time was taken for light", cut)
		}
		go func() {
			for _, s := range cut[1:] {
				io.WriteString(w, s)
			}
		}()
		buf := make([]byte, 16)
		var got string
		for len(got) < 2 {
			n, err := p.Read(buf)
			if err != nil {
				t.Fatal(err)
			}
			got += string(buf[:n])
		}
		if got != "ab" {
			t.Errorf("%q: the program got %q, want the typed keys \"ab\"", cut, got)
		}
	}
}
