package serve

import (
	"io"
	"strconv"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// screen draws a session's frames on its SSH channel, in place of Bubble
// Tea's standard renderer (doc.go says why: memory per session).
//
// It keeps a reference to the last frame drawn, not a copy: the UI keeps
// the same string as its current frame, and followers of a presenter share
// one string, so the last frame costs a session nothing of its own. Not
// even its line offsets are kept: the two frames are walked line by line
// together (a scan for newlines, memchr speed), which costs less than a
// slice of offsets per session. Only the lines that differ are written:
// cursor position (or a line break from the line above), the line with
// its trailing unstyled spaces left out, a style reset if the line leaves
// a style open (so that every line starts in the default style, wherever
// it is written), and an erase to the end of the line. After a resize, a
// clear-screen request or on the first frame the screen is cleared and
// every non-blank line written.
//
// Each frame's output is one synchronized update (mode 2026, see draw).
// The output of a frame is assembled in a 2 KiB buffer from a pool shared
// by all sessions and written whenever it is full, so no Write to the
// channel is larger than 2 KiB. The SSH library keeps a packet buffer per
// channel and AES-GCM a ciphertext buffer, each the size of the largest
// Write so far; a full frame in one Write (6-11 KiB at 120x40) made them
// about 24 KiB per session.
//
// A screen is used by one goroutine at a time: the program's event loop
// (View and Update run there) and then, after Run has returned, the
// session's handler (restore). Frames are written synchronously, from
// View: see screenModel for why.
type screen struct {
	out           io.Writer
	width, height int // the window; 0 when unknown

	last    string // the last frame drawn
	started bool   // the terminal modes are set (alternate screen, mouse)
	clear   bool   // the next frame is drawn on a cleared screen
	stopped bool   // drawing panicked: draw no more frames
	failed  bool   // a write failed (the client is gone): write nothing more
}

// Terminal modes a session sets when its first frame is drawn, the same
// ones Bubble Tea's standard renderer sets for tea.WithAltScreen and
// tea.WithMouseCellMotion: alternate screen (cleared, for terminals
// without one), cursor hidden, bracketed paste, mouse button and drag
// events in SGR encoding.
const screenStart = ansi.SetAltScreenSaveCursorMode + "\x1b[2J\x1b[H\x1b[?25l" +
	ansi.SetBracketedPasteMode + ansi.SetButtonEventMouseMode + ansi.SetSgrExtMouseMode

// screenEnd undoes screenStart as Bubble Tea's restoreTerminalState does:
// bracketed paste off, every mouse mode off, the main screen back (with
// the cursor where it was), cursor shown on it.
//
// It also ends a synchronized update, in case drawing stopped half-way
// (a panic in draw after a piece went out): a terminal that knows mode
// 2026 would otherwise keep the screen frozen until its own timeout.
const screenEnd = ansi.ResetModeSynchronizedOutput + ansi.ResetBracketedPasteMode + ansi.ResetButtonEventMouseMode +
	ansi.ResetAnyEventMouseMode + ansi.ResetSgrExtMouseMode +
	ansi.ResetAltScreenSaveCursorMode + "\x1b[?25h"

func newScreen(out io.Writer, width, height int) *screen {
	return &screen{out: out, width: width, height: height}
}

// resize takes the window's new size; the next frame repaints a cleared
// screen (the terminal may have reflowed or cut what it showed).
func (s *screen) resize(width, height int) {
	s.width, s.height = width, height
	s.clear = true
}

// repaint makes the next frame clear the screen and redraw everything.
func (s *screen) repaint() { s.clear = true }

// restore gives the viewer's terminal back (main screen, cursor, no mouse
// reporting) if a frame was drawn. It is called once the program has
// ended, whatever ended it, before the session's last words are printed.
func (s *screen) restore() {
	if !s.started || s.failed {
		return
	}
	s.started = false
	if _, err := io.WriteString(s.out, screenEnd); err != nil {
		s.failed = true
	}
}

// draw shows frame, writing only what differs from the last frame.
func (s *screen) draw(frame string) {
	if s.stopped || s.failed || (s.started && !s.clear && frame == s.last) {
		return
	}
	if !s.started && frame == "" {
		// The UI has no size yet (over SSH the first size comes from the
		// PTY request, and View can run before it): nothing to show.
		return
	}
	w := chunkWriter{out: s.out}
	defer w.release()
	// A frame is written in 2 KiB pieces, and over SSH the pieces can
	// arrive some milliseconds apart: a terminal that knows synchronized
	// output (mode 2026: kitty, WezTerm, iTerm2, foot, Windows Terminal,
	// tmux 3.4+...) shows the frame whole instead of half old, half new.
	// Others ignore the mode, as they do every private mode they do not
	// know.
	w.str(ansi.SetModeSynchronizedOutput)
	if !s.started {
		w.str(screenStart)
		s.started, s.clear = true, false
		s.diff(&w, "", frame, true)
	} else if s.clear {
		w.str("\x1b[2J")
		s.clear = false
		s.diff(&w, "", frame, true)
	} else {
		s.diff(&w, s.last, frame, false)
	}
	w.str(ansi.ResetModeSynchronizedOutput)
	w.flush()
	if w.err != nil {
		s.failed = true
		return
	}
	s.last = frame
}

// diff writes the lines of frame that differ from those of old, at most
// s.height of them. cleared says the screen is blank: blank lines are not
// written, nor the erase at the end of the others.
func (s *screen) diff(w *chunkWriter, old, frame string, cleared bool) {
	row := 0
	wrote := -2 // the row last written, whose end the cursor is at
	oldRows := 0
	if !cleared {
		oldRows = s.rows(old)
	}
	for rest, oldRest := frame, old; ; row++ {
		if s.height > 0 && row >= s.height {
			break
		}
		line, more := cutLine(&rest)
		var oldLine string
		hasOld := row < oldRows
		if hasOld {
			oldLine, _ = cutLine(&oldRest)
		}
		if !(hasOld && line == oldLine) {
			if s.writeLine(w, row, line, wrote == row-1, cleared) {
				wrote = row
			}
		}
		if !more {
			row++
			break
		}
	}
	if row < oldRows {
		// The new frame is shorter: erase what is left of the old one.
		w.cup(row)
		w.str(ansi.EraseScreenBelow)
	}
}

// rows is how many lines of frame were drawn (at most s.height).
func (s *screen) rows(frame string) int {
	n := strings.Count(frame, "\n") + 1
	if s.height > 0 {
		n = min(n, s.height)
	}
	return n
}

// writeLine writes line at row (0-based), starting from column 1 with the
// default style, and leaves the row's cells after it blank in the default
// style. next says the cursor is at the end of the row above, so a line
// break reaches the row, two bytes instead of a cursor position. It
// returns false if it wrote nothing (a blank line on a cleared screen).
func (s *screen) writeLine(w *chunkWriter, row int, line string, next, cleared bool) bool {
	line = strings.TrimSuffix(line, "\r")
	width := ansi.StringWidth(line)
	if s.width > 0 && width > s.width {
		// A wider line would wrap and shift every row below it.
		line = ansi.Truncate(line, s.width, "")
		width = ansi.StringWidth(line)
	}
	// plain: the line ends in the default style (no escape at all, or a
	// reset last), so its trailing spaces can be left to the erase.
	// Spaces under a style are seen and stay.
	body, plain := line, true
	if i := strings.LastIndexByte(line, '\x1b'); i >= 0 {
		plain = strings.HasPrefix(line[i:], "\x1b[m") || strings.HasPrefix(line[i:], "\x1b[0m")
	}
	if plain {
		body = strings.TrimRight(line, " ")
	}
	if cleared && plain && body == "" {
		return false
	}
	if next {
		w.str("\r\n")
	} else {
		w.cup(row)
	}
	w.str(body)
	if !plain {
		// The next line written starts in the default style, wherever it is.
		w.str("\x1b[m")
	}
	// A line as wide as the window leaves the cursor on its last cell
	// (pending wrap), where an erase would erase that cell.
	if !cleared && (len(body) < len(line) || width < s.width || s.width == 0) {
		w.str(ansi.EraseLineRight)
	}
	return true
}

// cutLine returns the first line of *rest and moves *rest past it; more
// says another line follows.
func cutLine(rest *string) (line string, more bool) {
	line, after, more := strings.Cut(*rest, "\n")
	*rest = after
	return line, more
}

// chunkSize bounds every Write to the channel: the SSH packet buffer and
// the cipher's output buffer of a channel grow to the largest Write.
const chunkSize = 2048

var chunks = sync.Pool{New: func() any { return new([chunkSize]byte) }}

// chunkWriter assembles output in a pooled chunk and writes it out in
// pieces of at most chunkSize bytes. After a failed Write it drops
// everything.
type chunkWriter struct {
	out io.Writer
	buf *[chunkSize]byte
	n   int
	err error
}

func (c *chunkWriter) str(s string) {
	for len(s) > 0 && c.err == nil {
		if c.buf == nil {
			c.buf = chunks.Get().(*[chunkSize]byte)
		}
		k := copy(c.buf[c.n:], s)
		c.n += k
		s = s[k:]
		if c.n == chunkSize {
			c.flush()
		}
	}
}

// cup moves the cursor to column 1 of row (0-based).
func (c *chunkWriter) cup(row int) {
	var b [16]byte
	seq := append(strconv.AppendInt(append(b[:0], "\x1b["...), int64(row+1), 10), 'H')
	c.str(string(seq)) // no allocation: the conversion does not escape
}

func (c *chunkWriter) flush() {
	if c.n == 0 || c.err != nil {
		return
	}
	_, c.err = c.out.Write(c.buf[:c.n])
	c.n = 0
}

// release returns the chunk to the pool.
func (c *chunkWriter) release() {
	if c.buf != nil {
		chunks.Put(c.buf)
		c.buf = nil
	}
}

// screenModel is the program's model over SSH: the UI (behind safeModel)
// draws its frames on a screen instead of Bubble Tea's renderer, which the
// program runs without (tea.WithoutRenderer).
//
// Frames are written synchronously, from View, which Bubble Tea calls
// after every Update on the program's goroutine. The standard renderer
// instead keeps the latest frame and writes it from a goroutine of its own
// at 60 frames a second; that costs a goroutine and a frame buffer per
// session, and up to a frame interval (16.7 ms) of latency per key. Here a
// frame goes out as soon as it exists, and only when it changed (the UI's
// View returns its cached frame, so an unchanged frame costs a string
// comparison). A slow client blocks only its own program in the Write,
// the way the standard renderer's lock blocked it; while it waits, the
// session's mailbox keeps only the latest message of each kind, so it is
// not sent a backlog, and no other session waits for it.
//
// Of the terminal controls the nil renderer drops, the dashboard only
// relies on the ones screen emits itself (alternate screen, mouse,
// bracketed paste, cursor); of the messages the standard renderer acts on,
// it handles the window size and tea.ClearScreen. The UI sends neither
// window titles nor Println.
type screenModel struct {
	inner *safeModel
	scr   *screen
}

func (m *screenModel) Init() tea.Cmd { return m.inner.Init() }

func (m *screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.scr.resize(msg.Width, msg.Height)
	default:
		// Comparing with a value of another type (even a slice, like
		// tea.BatchMsg) is false, never a panic.
		if msg == tea.ClearScreen() {
			m.scr.repaint()
		}
	}
	_, cmd := m.inner.Update(msg) // safeModel updates itself
	return m, cmd
}

func (m *screenModel) View() string {
	frame := m.inner.View()
	func() {
		defer func() {
			if r := recover(); r != nil {
				// A bug here must not take the server down, nor leave the
				// viewer with half a frame and no way out: stop drawing,
				// log, and end the session like a panic in the UI (the
				// terminal is still restored).
				m.scr.stopped = true
				m.inner.recovered(r)
				if m.inner.quit != nil {
					m.inner.quit()
				}
			}
		}()
		m.scr.draw(frame)
	}()
	return ""
}
