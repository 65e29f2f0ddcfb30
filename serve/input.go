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
	// Until lateUntil, the terminal's replies to a query that timed out
	// are taken out of the input (dropLateReply); partial holds what may
	// be the start of one.
	lateUntil time.Time
	partial   []byte
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
	for {
		p.mu.Lock()
		if len(p.pending) > 0 {
			n := copy(b, p.pending)
			p.pending = p.pending[n:]
			p.mu.Unlock()
			return n, nil
		}
		var lateC <-chan time.Time
		var late *time.Timer
		if !p.lateUntil.IsZero() {
			late = time.NewTimer(time.Until(p.lateUntil))
			lateC = late.C
		}
		p.mu.Unlock()
		err := p.wait(lateC)
		if late != nil {
			late.Stop()
		}
		if err != nil {
			return 0, err
		}
	}
}

// wait takes the next chunk into pending, without a late reply, or ends
// the wait for one when lateC fires.
func (p *inputPump) wait(lateC <-chan time.Time) error {
	select {
	case chunk := <-p.chunks:
		p.mu.Lock()
		if !p.lateUntil.IsZero() {
			chunk = p.dropLateReply(chunk)
		}
		if len(p.pending) == 0 {
			p.pending = chunk // the chunk is the pump's own copy
		} else {
			p.pending = append(p.pending, chunk...)
		}
		p.mu.Unlock()
	case <-lateC:
		// No reply came: what was held is the viewer's.
		p.mu.Lock()
		p.lateUntil = time.Time{}
		p.pending = append(p.pending, p.partial...)
		p.partial = nil
		p.mu.Unlock()
	case <-p.eof:
		return io.EOF
	case <-p.stop:
		return io.EOF
	}
	return nil
}

// lateReplyWait is how long after a terminal query timed out its replies
// are still expected, and taken out of the input.
const lateReplyWait = 5 * time.Second

// replyStart is the end of the input when it may be a reply cut in two.
// Compiled on first use, like the replies below.
var replyStart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\x1b(?:\](?:1(?:1(?:;[^\x07\x1b]*\x1b?)?)?)?|\[\??[0-9;]*)$`)
})

// expectLateReply is called when the terminal did not answer in time:
// rest, what arrived so far without the replies, goes to the program,
// except a reply's beginning at its end; replies that arrive in the next
// lateReplyWait are removed. A slow link's reply read as keys would be
// typing: "rgb:0000/0000/0000" opens the filter with "/", and the
// viewer's q then goes into the filter (TestLateQueryReplyIsNotTyped).
func (p *inputPump) expectLateReply(rest []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lateUntil = time.Now().Add(lateReplyWait)
	if loc := replyStart().FindIndex(rest); loc != nil {
		p.partial = append([]byte(nil), rest[loc[0]:]...)
		rest = rest[:loc[0]]
	}
	p.pending = append(append([]byte(nil), rest...), p.pending...)
}

// dropLateReply takes the terminal's late replies out of chunk (joined to
// a reply's beginning held from before). The device attributes reply
// comes last, so it ends the wait. Called with p.mu held.
func (p *inputPump) dropLateReply(chunk []byte) []byte {
	b := append(p.partial, chunk...)
	p.partial = nil
	ended := da1Reply().Match(b)
	b = oscBackgroundReply().ReplaceAll(b, nil)
	b = da1Reply().ReplaceAll(b, nil)
	if ended {
		p.lateUntil = time.Time{}
		return b
	}
	if loc := replyStart().FindIndex(b); loc != nil {
		p.partial = append([]byte(nil), b[loc[0]:]...)
		b = b[:loc[0]]
	}
	return b
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
	if da1Reply().Match(buf) {
		in.unread(rest)
	} else {
		in.expectLateReply(rest)
	}
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
