package serve

import (
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
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
