package ui

import (
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"
)

// The terminal's answers: the background colour (OSC 11) and the primary
// device attributes (DA1), which every terminal answers, so that one
// that does not know OSC 11 ends the wait at once. They compile on first
// use: compiled at package initialisation they cost every start of the
// binary (render, --version) about 0.4 ms (BENCHMARKS.md, "Start-up").
var (
	oscBackground = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\x1b\]11;rgba?:([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})(?:/[0-9a-fA-F]{1,4})?(?:\x07|\x1b\\)`)
	})
	da1 = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\x1b\[\?[0-9;]*c`) })
)

// AskBackground reports whether a local terminal should be asked for its
// background by QueryBackground: termenv does not ask inside tmux or
// screen (TERM screen*/tmux*), though tmux answers for its pane, and
// COLORFGBG, when set, already says.
func AskBackground(getenv func(string) string) bool {
	if getenv("COLORFGBG") != "" {
		return false
	}
	t := getenv("TERM")
	return strings.HasPrefix(t, "screen") || strings.HasPrefix(t, "tmux") || getenv("TMUX") != ""
}

// QueryBackground asks the terminal tty for its background colour and
// waits at most timeout for the answer, the way serve asks an SSH client.
// ok is false when no answer came (or tty cannot be read with a deadline:
// then it does not ask at all, rather than risk blocking).
func QueryBackground(tty *os.File, timeout time.Duration) (dark, ok bool) {
	if err := tty.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return true, false
	}
	defer tty.SetReadDeadline(time.Time{})
	st, err := term.MakeRaw(tty.Fd())
	if err != nil {
		return true, false
	}
	defer term.Restore(tty.Fd(), st)
	if _, err := io.WriteString(tty, "\x1b]11;?\x07\x1b[c"); err != nil {
		return true, false
	}
	var buf []byte
	b := make([]byte, 256)
	for !da1().Match(buf) && len(buf) < 4096 {
		n, err := tty.Read(b)
		buf = append(buf, b[:n]...)
		if err != nil {
			break
		}
	}
	return backgroundReply(buf)
}

// backgroundReply reads an OSC 11 answer: dark, and whether there was one.
func backgroundReply(buf []byte) (dark, ok bool) {
	m := oscBackground().FindSubmatch(buf)
	if m == nil {
		return true, false
	}
	comp := func(h []byte) float64 {
		v, _ := strconv.ParseUint(string(h), 16, 32)
		return float64(v) / float64(uint64(1)<<(4*len(h))-1)
	}
	r, g, b := comp(m[1]), comp(m[2]), comp(m[3])
	// Perceived lightness, as serve judges an SSH client's answer.
	return 0.299*r+0.587*g+0.114*b < 0.5, true
}
