package serve

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
)

// inputPump reads the session in its own goroutine and hands the bytes to
// the program. It exists so that the terminal can be queried with a timeout
// before the program starts (a read on an SSH channel cannot be cancelled,
// and wish's MakeRenderer blocks until the client sends a byte and then
// swallows it), so that input idleness can be measured without the UI's
// help, and so that the end of input is noticed.
type inputPump struct {
	chunks  chan []byte
	stop    chan struct{} // closed by the session handler when it is done
	eof     chan struct{} // closed when the client's input ended
	stopped sync.Once

	lastInput atomic.Int64 // unix nanoseconds of the last byte received

	mu      sync.Mutex
	pending []byte // read but not yet consumed (after the terminal query)
}

func newInputPump() *inputPump {
	p := &inputPump{
		chunks: make(chan []byte),
		stop:   make(chan struct{}),
		eof:    make(chan struct{}),
	}
	p.lastInput.Store(time.Now().UnixNano())
	return p
}

// run copies r into the pump until r fails or the pump is closed.
func (p *inputPump) run(r io.Reader) {
	defer close(p.eof)
	// Keyboard input comes in a few bytes at a time; a paste just takes
	// more reads. The buffer lives as long as the session.
	buf := make([]byte, 1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			p.lastInput.Store(time.Now().UnixNano())
			chunk := append([]byte(nil), buf[:n]...)
			select {
			case p.chunks <- chunk:
			case <-p.stop:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// close ends every pending and future Read with io.EOF.
func (p *inputPump) close() { p.stopped.Do(func() { close(p.stop) }) }

// lastInputTime is when the client last sent anything.
func (p *inputPump) lastInputTime() time.Time {
	return time.Unix(0, p.lastInput.Load())
}

// Read gives the program the client's bytes.
func (p *inputPump) Read(b []byte) (int, error) {
	p.mu.Lock()
	if len(p.pending) > 0 {
		n := copy(b, p.pending)
		p.pending = p.pending[n:]
		p.mu.Unlock()
		return n, nil
	}
	p.mu.Unlock()
	select {
	case chunk := <-p.chunks:
		n := copy(b, chunk)
		if n < len(chunk) {
			p.mu.Lock()
			p.pending = append(p.pending, chunk[n:]...)
			p.mu.Unlock()
		}
		return n, nil
	case <-p.eof:
		return 0, io.EOF
	case <-p.stop:
		return 0, io.EOF
	}
}

// unread puts bytes back in front of the stream.
func (p *inputPump) unread(b []byte) {
	if len(b) == 0 {
		return
	}
	p.mu.Lock()
	p.pending = append(append([]byte(nil), b...), p.pending...)
	p.mu.Unlock()
}

// readUntil collects input until done(buf) or the deadline.
func (p *inputPump) readUntil(deadline time.Duration, done func([]byte) bool) []byte {
	var buf []byte
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	for !done(buf) {
		select {
		case chunk := <-p.chunks:
			buf = append(buf, chunk...)
		case <-timer.C:
			return buf
		case <-p.eof:
			return buf
		case <-p.stop:
			return buf
		}
	}
	return buf
}

// Terminal replies to the background-colour query (OSC 11) and to the
// primary device attributes request (DA1), which every terminal answers
// and which therefore ends the wait early. They compile on first use, not
// at package initialisation, which every start of the binary pays for
// (render, --version: BENCHMARKS.md, "Start-up").
var (
	oscBackgroundReply = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\x1b\]11;rgba?:([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})(?:/[0-9a-fA-F]{1,4})?(?:\x07|\x1b\\)`)
	})
	da1Reply = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\x1b\[\?[0-9;]*c`) })
)

const terminalQuery = "\x1b]11;?\x07\x1b[c"

// queryDarkBackground asks the client's terminal for its background colour
// and reports whether it is dark (true when the terminal does not say).
// Bytes that are not part of the replies are kept for the program.
func queryDarkBackground(w io.Writer, in *inputPump, timeout time.Duration) bool {
	if _, err := io.WriteString(w, terminalQuery); err != nil {
		return true
	}
	buf := in.readUntil(timeout, func(b []byte) bool { return da1Reply().Match(b) })
	dark := true
	if m := oscBackgroundReply().FindSubmatch(buf); m != nil {
		dark = isDark(m[1], m[2], m[3])
	}
	rest := oscBackgroundReply().ReplaceAll(buf, nil)
	rest = da1Reply().ReplaceAll(rest, nil)
	in.unread(rest)
	return dark
}

func isDark(rs, gs, bs []byte) bool {
	comp := func(h []byte) float64 {
		v, _ := strconv.ParseUint(string(h), 16, 32)
		max := float64(uint64(1)<<(4*len(h)) - 1)
		return float64(v) / max
	}
	r, g, b := comp(rs), comp(gs), comp(bs)
	// Perceived lightness (HSL L is too crude for saturated colours).
	return 0.299*r+0.587*g+0.114*b < 0.5
}

// sshEnviron is the client's environment as termenv sees it.
type sshEnviron []string

func (e sshEnviron) Environ() []string { return e }

func (e sshEnviron) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}

// newSessionRenderer builds the lipgloss renderer of one session: colour
// profile from the client's TERM/COLORTERM, background from the query.
func newSessionRenderer(sess ssh.Session, pty ssh.Pty, dark bool) *lipgloss.Renderer {
	var r *lipgloss.Renderer
	if pty.Term == "" || pty.Term == "dumb" {
		// Set, not passed as termenv.WithProfile: lipgloss v1.1.0 asks the
		// output for its environment's profile and ignores that option.
		r = lipgloss.NewRenderer(sess)
		r.SetColorProfile(termenv.Ascii)
	} else {
		env := sshEnviron(append(sess.Environ(), "TERM="+pty.Term))
		r = lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	}
	r.SetHasDarkBackground(dark)
	return r
}

// clientLang guesses "ru" or "en" from the client's LANG/LC_ALL, if sent.
func clientLang(env []string) string {
	e := sshEnviron(env)
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := e.Getenv(k)
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "ru") {
			return "ru"
		}
		return "en"
	}
	return ""
}
