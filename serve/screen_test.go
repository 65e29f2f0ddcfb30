package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// vt is a small terminal emulator for the screen tests: printable text
// (wide runes take two cells), CR, LF, CUP, EL, ED, SGR (a cell keeps the
// style it was written or erased with) and the private modes. It behaves
// like xterm where the differ could go wrong: a character written in the
// last column leaves the cursor there with a wrap pending, and an erase to
// the end of the line from there erases that last cell.
type vt struct {
	w, h     int
	main     [][]vcell
	alt      [][]vcell
	grid     *[][]vcell // the screen shown
	row, col int
	saved    [2]int
	pending  bool // wrap before the next character
	pen      pen
	modes    map[string]bool
}

type vcell struct {
	r   string // "" blank, wide is the right half of a wide rune
	pen pen
}

// pen is the graphic rendition (SGR) a cell is drawn with.
type pen struct {
	attrs      [10]bool // bold, faint, italic, underline, blink, ..., strike: by SGR number
	fg, bg, ul string
}

// sgr applies the parameters of one SGR sequence.
func (p *pen) sgr(params string) error {
	ps := strings.Split(params, ";")
	for j := 0; j < len(ps); j++ {
		n, err := strconv.Atoi(ps[j])
		if ps[j] == "" {
			n, err = 0, nil
		}
		if err != nil {
			return fmt.Errorf("SGR %q", params)
		}
		switch {
		case n == 0:
			*p = pen{}
		case n >= 1 && n <= 9:
			p.attrs[n] = true
		case n == 22:
			p.attrs[1], p.attrs[2] = false, false
		case n >= 23 && n <= 29 && n != 26:
			p.attrs[n-20] = false
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			p.fg = ps[j]
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			p.bg = ps[j]
		case n == 39:
			p.fg = ""
		case n == 49:
			p.bg = ""
		case n == 59:
			p.ul = ""
		case n == 38 || n == 48 || n == 58:
			k := 2
			if j+1 < len(ps) && ps[j+1] == "2" {
				k = 4
			}
			if j+k >= len(ps) {
				return fmt.Errorf("SGR %q: short colour", params)
			}
			c := strings.Join(ps[j+1:j+1+k], ":")
			switch n {
			case 38:
				p.fg = c
			case 48:
				p.bg = c
			default:
				p.ul = c
			}
			j += k
		default:
			return fmt.Errorf("SGR %q not supported", params)
		}
	}
	return nil
}

const wide = "\x00wide"

func newVT(w, h int) *vt {
	t := &vt{w: w, h: h, modes: map[string]bool{}}
	t.main = blankGrid(w, h)
	t.grid = &t.main
	return t
}

func blankGrid(w, h int) [][]vcell {
	g := make([][]vcell, h)
	for i := range g {
		g[i] = make([]vcell, w)
	}
	return g
}

func (t *vt) cells() [][]vcell { return *t.grid }

// feed interprets s, which must hold complete sequences.
func (t *vt) feed(s string) error {
	for len(s) > 0 {
		switch c := s[0]; {
		case c == '\x1b':
			n, err := t.escape(s)
			if err != nil {
				return err
			}
			s = s[n:]
			continue
		case c == '\r':
			t.col, t.pending = 0, false
		case c == '\n':
			t.pending = false
			t.lineFeed()
		case c < 0x20 || c == 0x7f:
			return fmt.Errorf("control byte %#x", c)
		default:
			r, size := decodeRune(s)
			t.print(r)
			s = s[size:]
			continue
		}
		s = s[1:]
	}
	return nil
}

func decodeRune(s string) (string, int) {
	for i := range s {
		if i > 0 {
			return s[:i], i
		}
	}
	return s, len(s)
}

func (t *vt) lineFeed() {
	if t.row < t.h-1 {
		t.row++
		return
	}
	g := t.cells()
	copy(g, g[1:])
	g[t.h-1] = make([]vcell, t.w)
}

func (t *vt) print(r string) {
	w := ansi.StringWidth(r)
	if w == 0 {
		return
	}
	if t.pending || t.col+w > t.w {
		t.col, t.pending = 0, false
		t.lineFeed()
	}
	g := t.cells()
	t.clearWide(t.row, t.col)
	g[t.row][t.col] = vcell{r: r, pen: t.pen}
	if w == 2 {
		t.clearWide(t.row, t.col+1)
		g[t.row][t.col+1] = vcell{r: wide, pen: t.pen}
	}
	t.col += w
	if t.col >= t.w {
		t.col, t.pending = t.w-1, true
	}
}

// clearWide blanks the other half of a wide rune that a write at (row,
// col) breaks.
func (t *vt) clearWide(row, col int) {
	g := t.cells()
	switch {
	case g[row][col].r == wide && col > 0:
		g[row][col-1] = vcell{pen: t.pen}
	case col+1 < t.w && g[row][col+1].r == wide:
		g[row][col+1] = vcell{pen: t.pen}
	}
}

func (t *vt) erase(row, from, to int) {
	for c := from; c < to; c++ {
		t.cells()[row][c] = vcell{pen: t.pen}
	}
	if from > 0 && t.cells()[row][from-1].r != "" && t.cells()[row][from-1].r != wide && ansi.StringWidth(t.cells()[row][from-1].r) == 2 {
		t.cells()[row][from-1] = vcell{pen: t.pen}
	}
}

// escape interprets the sequence at the start of s and returns its length.
func (t *vt) escape(s string) (int, error) {
	if len(s) < 2 {
		return 0, errors.New("cut escape")
	}
	if s[1] != '[' {
		return 0, fmt.Errorf("escape %q not supported", s[:2])
	}
	i := 2
	for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
		i++
	}
	if i == len(s) {
		return 0, fmt.Errorf("cut CSI %q", s)
	}
	params, final := s[2:i], s[i]
	num := func(p string, def int) int {
		if n, err := strconv.Atoi(p); err == nil && n > 0 {
			return n
		}
		return def
	}
	switch {
	case strings.HasPrefix(params, "?"):
		on := final == 'h'
		if final != 'h' && final != 'l' {
			return 0, fmt.Errorf("private CSI %q", s[:i+1])
		}
		for _, m := range strings.Split(params[1:], ";") {
			t.modes[m] = on
			if m == "1049" {
				t.altScreen(on)
			}
		}
	case final == 'H':
		r, c, _ := strings.Cut(params, ";")
		t.row, t.col, t.pending = min(num(r, 1), t.h)-1, min(num(c, 1), t.w)-1, false
	case final == 'K':
		if params != "" && params != "0" {
			return 0, fmt.Errorf("EL %q not supported", params)
		}
		t.erase(t.row, t.col, t.w)
	case final == 'J':
		switch params {
		case "", "0":
			t.erase(t.row, t.col, t.w)
			for r := t.row + 1; r < t.h; r++ {
				t.erase(r, 0, t.w)
			}
		case "2":
			for r := range t.h {
				t.erase(r, 0, t.w)
			}
		default:
			return 0, fmt.Errorf("ED %q not supported", params)
		}
	case final == 'm':
		if err := t.pen.sgr(params); err != nil {
			return 0, err
		}
	default:
		return 0, fmt.Errorf("CSI %q not supported", s[:i+1])
	}
	return i + 1, nil
}

func (t *vt) altScreen(on bool) {
	if on {
		t.saved = [2]int{t.row, t.col}
		t.alt = blankGrid(t.w, t.h)
		t.grid = &t.alt
		return
	}
	t.grid = &t.main
	t.row, t.col, t.pending = t.saved[0], t.saved[1], false
}

// text is the screen as plain text, blanks as spaces, lines trimmed.
func (t *vt) text() string {
	var b strings.Builder
	for _, row := range t.cells() {
		var l strings.Builder
		for _, c := range row {
			switch c.r {
			case "":
				l.WriteByte(' ')
			case wide:
			default:
				l.WriteString(c.r)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	return b.String()
}

// reference draws frame the way it should look: each line from column 1
// in the default style, cut at the window's width, at most h lines.
func reference(frame string, w, h int) *vt {
	t := newVT(w, h)
	for i, line := range strings.Split(frame, "\n") {
		if i >= h {
			break
		}
		if err := t.feed(ansi.CUP(1, i+1) + ansi.Truncate(line, w, "") + "\x1b[m"); err != nil {
			panic(err)
		}
	}
	return t
}

// sameScreen reports the first cell where got and want differ. A space
// written in the default style and a blank cell look the same.
func sameScreen(got, want *vt) error {
	norm := func(c vcell) vcell {
		if c.r == " " && c.pen == (pen{}) {
			return vcell{}
		}
		return c
	}
	for r := range want.h {
		for c := range want.w {
			if g, w := norm(got.cells()[r][c]), norm(want.cells()[r][c]); g != w {
				return fmt.Errorf("row %d col %d: got %q (style %+v), want %q (style %+v)\ngot:\n%swant:\n%s",
					r+1, c+1, g.r, g.pen, w.r, w.pen, got.text(), want.text())
			}
		}
	}
	return nil
}

// writes records every Write.
type writes struct {
	all   [][]byte
	fail  int // fail the Write after this many (0: never)
	panic bool
}

func (w *writes) Write(p []byte) (int, error) {
	if w.panic {
		panic("injected writer panic")
	}
	if w.fail > 0 && len(w.all) >= w.fail {
		return 0, errors.New("client gone")
	}
	w.all = append(w.all, bytes.Clone(p))
	return len(p), nil
}

func (w *writes) take() string {
	var b strings.Builder
	for _, p := range w.all {
		b.Write(p)
	}
	w.all = nil
	return b.String()
}

// screenRun draws frames on a screen and checks after each that the
// emulated terminal shows the frame, and that no Write exceeds chunkSize.
type screenRun struct {
	t   testing.TB
	out *writes
	scr *screen
	vt  *vt
}

func newScreenRun(t testing.TB, w, h int) *screenRun {
	out := &writes{}
	r := &screenRun{t: t, out: out, scr: newScreen(out, w, h), vt: newVT(w, h)}
	r.vt.feed("$ ssh briefing")
	return r
}

func (r *screenRun) draw(frame string) string {
	r.t.Helper()
	r.scr.draw(frame)
	for _, p := range r.out.all {
		if len(p) > chunkSize {
			r.t.Fatalf("a Write of %d bytes (at most %d)", len(p), chunkSize)
		}
	}
	out := r.out.take()
	if err := r.vt.feed(out); err != nil {
		r.t.Fatalf("output %q: %v", out, err)
	}
	if out != "" && (!strings.HasPrefix(out, bsu) || !strings.HasSuffix(out, esu)) {
		r.t.Fatalf("a frame's output is not one synchronized update: %q", out)
	}
	if !r.scr.started {
		return out // nothing drawn yet: the main screen shows
	}
	if err := sameScreen(r.vt, reference(frame, r.vt.w, r.vt.h)); err != nil {
		r.t.Fatalf("after frame %q (output %q): %v", frame, out, err)
	}
	return out
}

func (r *screenRun) resize(w, h int) {
	r.scr.resize(w, h)
	// A terminal that changes size keeps (or reflows) what it showed:
	// keep the old cells that fit, to see that they are cleared.
	old := r.vt
	r.vt = newVT(w, h)
	r.vt.modes, r.vt.saved = old.modes, old.saved
	r.vt.alt = blankGrid(w, h)
	if old.grid == &old.alt {
		r.vt.grid = &r.vt.alt
	}
	for _, g := range [][2][][]vcell{{r.vt.main, old.main}, {r.vt.alt, old.alt}} {
		for i := range min(h, len(g[1])) {
			copy(g[0][i], g[1][i][:min(w, old.w)])
		}
	}
}

// frame builds a frame from lines.
func frame(lines ...string) string { return strings.Join(lines, "\n") }

func TestScreenDiffMatchesFrame(t *testing.T) {
	t.Parallel()
	red := "\x1b[38;5;196m"
	sel := "\x1b[1;48;2;40;40;90m"
	reset := "\x1b[0m"
	r := newScreenRun(t, 20, 6)
	r.draw("") // no size yet: nothing
	if len(r.vt.modes) != 0 {
		t.Fatalf("an empty first frame set modes %v", r.vt.modes)
	}
	steps := []string{
		frame("┌ Overview ────────┐", "│ "+red+"GDP"+reset+" 1.2%        │", "│ 中文 text        │", "└──────────────────┘"),
		// One line changes, styles inside.
		frame("┌ Overview ────────┐", "│ "+sel+"GDP 1.3%"+reset+"        │", "│ 中文 text        │", "└──────────────────┘"),
		// Wide runes move by one cell.
		frame("┌ Overview ────────┐", "│ "+sel+"GDP 1.3%"+reset+"        │", "│ x中文 text       │", "└──────────────────┘"),
		// Shorter frame, shorter lines.
		frame("ab", "c"),
		// Longer lines than the window, more lines than the window.
		frame(strings.Repeat("界", 15), strings.Repeat("-", 25), "1", "2", "3", "4", "5", "6", "7"),
		// A style left open at the end of a line, trailing styled spaces.
		frame(sel+"open", "plain", "\x1b[44m   "+reset+"   ", "x"+reset+"   "),
		// Full-width lines (the cursor waits on the last cell).
		frame(strings.Repeat("a", 20), strings.Repeat("中", 10), strings.Repeat("b", 19)+"c", ""),
		frame(strings.Repeat("a", 19)+"z", strings.Repeat("中", 9)+"ab", strings.Repeat("b", 20), "d"),
		// Empty.
		"",
		frame("back", "", "", "", "", "end"),
	}
	for i, f := range steps {
		r.draw(f)
		if i == 0 && (!r.vt.modes["1049"] || !r.vt.modes["1002"] || !r.vt.modes["1006"] || !r.vt.modes["2004"] || r.vt.modes["25"]) {
			t.Errorf("modes after the first frame: %v", r.vt.modes)
		}
	}
	// Resizes: larger, smaller, then a frame that only fits the new size.
	r.resize(30, 8)
	r.draw(frame(strings.Repeat("w", 30), "x", "", "y"))
	r.resize(10, 3)
	r.draw(frame(strings.Repeat("w", 10), "中文中文中", "z"))
	r.resize(10, 3)
	if out := r.draw(frame(strings.Repeat("w", 10), "中文中文中", "z")); !strings.Contains(out, "\x1b[2J") {
		t.Errorf("a resize to the same size must still repaint; output %q", out)
	}
	r.scr.repaint()
	if out := r.draw(frame("a", "b", "c")); !strings.HasPrefix(out, bsu+"\x1b[2J") {
		t.Errorf("a repaint must clear first; output %q", out)
	}

	// As if drawing had stopped inside a synchronized update.
	r.vt.modes["2026"] = true
	r.scr.restore()
	if err := r.vt.feed(r.out.take()); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"1049", "1002", "1003", "1006", "2004", "2026"} {
		if r.vt.modes[m] {
			t.Errorf("mode %s still on after restore", m)
		}
	}
	if !r.vt.modes["25"] {
		t.Errorf("cursor still hidden after restore")
	}
	if got := r.vt.text(); !strings.HasPrefix(got, "$ ssh brie\n") { // cut by the last resize
		t.Errorf("the main screen after restore:\n%s", got)
	}
	r.scr.restore()
	if len(r.out.all) != 0 {
		t.Errorf("a second restore wrote %q", r.out.take())
	}
}

// Every frame is one synchronized update (mode 2026): begun first, ended
// last, so a terminal that knows the mode shows it whole.
const bsu, esu = "\x1b[?2026h", "\x1b[?2026l"

// Nothing is written when nothing changed, even for a new string with the
// same text, and only the changed line when one changed.
func TestScreenWritesOnlyChanges(t *testing.T) {
	t.Parallel()
	r := newScreenRun(t, 10, 4)
	r.draw(frame("a", "b", "c", "d"))
	if out := r.draw(frame("a", "b", "c", "d")); out != "" {
		t.Errorf("an unchanged frame wrote %q", out)
	}
	if out := r.draw(frame("a", "b", "X", "d")); out != bsu+"\x1b[3HX\x1b[K"+esu {
		t.Errorf("one changed line wrote %q", out)
	}
	if out := r.draw(frame("a", "Y", "Z", "d")); out != bsu+"\x1b[2HY\x1b[K\r\nZ\x1b[K"+esu {
		t.Errorf("two adjacent changed lines wrote %q", out)
	}
}

// No Write is larger than chunkSize, even for a frame far larger, and the
// frame arrives whole.
func TestScreenWritesAreSmall(t *testing.T) {
	t.Parallel()
	const w, h = 300, 60
	var lines []string
	for i := range h {
		var b strings.Builder
		for j := range w / 3 {
			fmt.Fprintf(&b, "\x1b[38;5;%dm%c\x1b[0m中", (i+j)%256, 'a'+rune(j%26))
		}
		lines = append(lines, b.String())
	}
	r := newScreenRun(t, w, h)
	out := r.draw(frame(lines...))
	if len(out) < 10*chunkSize {
		t.Fatalf("test frame too small: %d bytes", len(out))
	}
	r.scr.draw(frame(lines[1:]...))
	n := 0
	for _, p := range r.out.all {
		n++
		if len(p) > chunkSize {
			t.Errorf("Write of %d bytes", len(p))
		}
	}
	if n < 2 {
		t.Errorf("%d writes for a whole repaint", n)
	}
}

// A failed Write (the client is gone) stops all output, without a panic.
func TestScreenWriteError(t *testing.T) {
	t.Parallel()
	out := &writes{fail: 1}
	scr := newScreen(out, 300, 60)
	big := strings.Repeat(strings.Repeat("x", 300)+"\n", 59) + "y"
	scr.draw(big)
	if len(out.all) != 1 {
		t.Fatalf("%d writes succeeded, want 1", len(out.all))
	}
	out.fail = 0
	scr.draw("other")
	scr.restore()
	if len(out.all) != 1 {
		t.Errorf("writes after a failed one: %q", out.all[1:])
	}
}

// A panic while drawing ends the session like a panic in the UI: logged,
// program told to quit, no more frames drawn, but the terminal restored;
// it never reaches Bubble Tea.
func TestScreenPanicEndsSession(t *testing.T) {
	t.Parallel()
	out := &writes{panic: true}
	var logged any
	quit := 0
	safe := &safeModel{inner: stubView("frame"), onPanic: func(r any, _ []byte) { logged = r }, quit: func() { quit++ }}
	m := &screenModel{inner: safe, scr: newScreen(out, 10, 2)}
	m.View()
	if logged == nil || quit != 1 || !m.scr.stopped {
		t.Fatalf("after a panic in the writer: logged %v, quit %d, stopped %v", logged, quit, m.scr.stopped)
	}
	out.panic = false
	safe.inner = stubView("other")
	m.View()
	if len(out.all) != 0 {
		t.Errorf("a frame drawn after the panic: %q", out.take())
	}
	m.scr.restore()
	if got := out.take(); got != screenEnd {
		t.Errorf("restore after the panic wrote %q, want %q", got, screenEnd)
	}
}

type stubView string

func (v stubView) Init() tea.Cmd                       { return nil }
func (v stubView) Update(tea.Msg) (tea.Model, tea.Cmd) { return v, nil }
func (v stubView) View() string                        { return string(v) }

// screenModel passes the window size to the screen and asks for a clear
// screen on tea.ClearScreen; other messages, a slice among them, pass.
func TestScreenModelMessages(t *testing.T) {
	t.Parallel()
	m := &screenModel{inner: &safeModel{inner: stubView("x")}, scr: newScreen(&writes{}, 10, 2)}
	m.Update(tea.WindowSizeMsg{Width: 33, Height: 7})
	if m.scr.width != 33 || m.scr.height != 7 || !m.scr.clear {
		t.Errorf("after a resize: %dx%d clear=%v", m.scr.width, m.scr.height, m.scr.clear)
	}
	m.scr.clear = false
	m.Update(tea.BatchMsg{nil})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if m.scr.clear {
		t.Errorf("a batch or a key asked for a repaint")
	}
	m.Update(tea.ClearScreen())
	if !m.scr.clear {
		t.Errorf("tea.ClearScreen did not ask for a repaint")
	}
}

// The dashboard itself at 120x40: a table move writes a small part of a
// full repaint, and every frame shows as the UI drew it.
func TestScreenDashboardMove(t *testing.T) {
	t.Parallel()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rend := lipgloss.NewRenderer(&bytes.Buffer{})
	rend.SetColorProfile(termenv.TrueColor)
	var m tea.Model = ui.New(ds, ui.Options{Renderer: rend, Lang: "en"})
	r := newScreenRun(t, 120, 40)
	send := func(msg tea.Msg) string {
		m, _ = m.Update(msg)
		return r.draw(m.View())
	}
	key := func(k string) tea.Msg {
		switch k {
		case "down":
			return tea.KeyMsg{Type: tea.KeyDown}
		case "up":
			return tea.KeyMsg{Type: tea.KeyUp}
		}
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
	}
	r.scr.resize(120, 40)
	first := send(tea.WindowSizeMsg{Width: 120, Height: 40})
	table := send(key("3"))
	var move, moves int
	for i := range 10 {
		k := "down"
		if i%2 == 1 {
			k = "up"
		}
		out := send(key(k))
		move += len(out)
		moves++
	}
	move /= moves
	t.Logf("first frame %d B, view switch %d B, table move %d B (%.1f%%)", len(first), len(table), move, 100*float64(move)/float64(len(table)))
	if move == 0 || move*10 > len(table) {
		t.Errorf("a table move writes %d B, a view switch %d B: want under 10%%", move, len(table))
	}
}

// Drawing a frame allocates nothing once the pool is warm (the line width
// is measured without allocating, the cursor position is built on the
// stack).
func TestScreenDrawAllocs(t *testing.T) {
	a := frame("┌ Overview ┐", "│ \x1b[1mGDP\x1b[0m 1.2% │", "└──────────┘")
	b := frame("┌ Overview ┐", "│ \x1b[1mGDP\x1b[0m 1.3% │", "└──────────┘")
	scr := newScreen(discard{}, 12, 3)
	scr.draw(a)
	n := testing.AllocsPerRun(100, func() {
		scr.draw(b)
		scr.draw(a)
	})
	if n > 0 {
		t.Errorf("%.1f allocations per two frames", n)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// The differ against the emulator on arbitrary frames: any sequence of
// frames and sizes ends with the screen showing the last frame.
func FuzzScreenDiff(f *testing.F) {
	f.Add([]byte("ab\ncd"), []byte("a\x01b\nc"), uint8(5), uint8(3), false)
	f.Add([]byte("\x02\x03abc\x04\n\x05"), []byte("\x06\x06\x06\x06\x06\x06"), uint8(4), uint8(2), true)
	f.Fuzz(func(t *testing.T, a, b []byte, w, h uint8, resize bool) {
		width, height := int(w%40)+1, int(h%12)+1
		r := newScreenRun(t, width, height)
		r.draw(fuzzFrame(a))
		if resize {
			r.resize(width/2+1, height+1)
		}
		r.draw(fuzzFrame(b))
		r.draw(fuzzFrame(a))
	})
}

// fuzzFrame maps bytes to pieces of frames the UI makes: text, spaces,
// wide and box runes, styles and resets, line breaks.
func fuzzFrame(p []byte) string {
	pieces := []string{"\n", " ", "  ", "a", "中", "│", "─", "\x1b[1m", "\x1b[0m", "\x1b[m", "\x1b[38;5;0m", "\x1b[48;2;1;2;3m", "é", "e\u0301"}
	var b strings.Builder
	for _, c := range p {
		if c >= 0x20 && c < 0x7f && c != ' ' {
			b.WriteByte(c)
			continue
		}
		b.WriteString(pieces[int(c)%len(pieces)])
	}
	return b.String()
}

// In a real terminal (OpenSSH in tmux), what the differ leaves on the
// screen after keys that change parts of it is what a full repaint of the
// same frame shows: a resize forth and back repaints everything.
func TestSmokeScreenDiffMatchesRepaint(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{Open: true, Load: data.Default}, nil)
	x := startViewer(t, ts.addr)
	x.waitPane("the dashboard", 15*time.Second, func(p string) bool {
		return strings.Contains(p, "EAEU cooperation indicators")
	})
	// settle waits until the pane differs from before and then stays the
	// same for 300 ms.
	settle := func(before string) string {
		t.Helper()
		x.waitPane("a change", 10*time.Second, func(p string) bool { return p != before })
		prev, same := x.captureStyled(), 0
		for range 100 {
			time.Sleep(100 * time.Millisecond)
			p := x.captureStyled()
			if p != prev {
				prev, same = p, 0
			} else if same++; same == 3 {
				return p
			}
		}
		t.Fatalf("the pane does not settle")
		return ""
	}
	for _, keys := range [][]string{{"3", "j", "j", "j", "k"}, {"2"}, {"4", "j"}, {"1"}, {"6", "j", "j"}} {
		before := x.captureStyled()
		x.keys(keys...)
		diffed := settle(before)
		x.run("resize-window", "-t", "smoke", "-x", "101", "-y", "30")
		wider := settle(diffed)
		x.run("resize-window", "-t", "smoke", "-x", "100", "-y", "30")
		repainted := settle(wider)
		// tmux writes the styles of the capture as changes from cell to
		// cell and tells erased cells from blank ones never written, so
		// the captures are compared as screens, cell by cell.
		if err := sameScreen(paneScreen(t, diffed), paneScreen(t, repainted)); err != nil {
			t.Fatalf("after keys %v the screen differs from its repaint: %v", keys, err)
		}
	}
}

// paneScreen is a styled tmux capture of the 100x30 pane on an emulator.
func paneScreen(t *testing.T, capture string) *vt {
	t.Helper()
	v := newVT(100, 30)
	if err := v.feed(strings.ReplaceAll(strings.TrimSuffix(capture, "\n"), "\n", "\r\n")); err != nil {
		t.Fatalf("capture %q: %v", capture, err)
	}
	return v
}

// A viewer whose client stops reading blocks only its own program (in the
// Write, once the SSH window is used up); the presenter and the other
// followers go on at their pace, and the stalled one catches up with the
// latest state when its client reads again.
func TestStalledViewerBlocksOnlyItself(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, func(s *Server) { s.queryTimeout = 100 * time.Millisecond })
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 40)
	pres.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	pr := <-recs

	// The stalled viewer's client never reads its output.
	sess, err := mustDial(t, ts.addr, openAuth()).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stalledOut, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdinPipe(); err != nil { // open, or the input ends at once
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	sr := <-recs

	fol := openTerm(t, mustDial(t, ts.addr, openAuth()), 120, 40)
	fol.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	fr := <-recs
	waitFor(t, 5*time.Second, "three viewers", func() bool { n, _ := ts.hub.counts(); return n == 3 })

	// Switch views (6-11 KiB frames) until the stalled viewer's program has
	// not moved for 30 switches that the presenter and the other follower
	// made: the SSH window (2 MiB) is full and its program waits.
	var slowest time.Duration
	still, last, i := 0, sr.get(), 0
	for ; still < 30; i++ {
		if i == 2000 {
			t.Fatalf("the stalled viewer's program never stopped (state %+v)", sr.get())
		}
		want := ui.ViewTable
		key := "3"
		if i%2 == 1 {
			want, key = ui.ViewOverview, "1"
		}
		start := time.Now()
		pres.send(t, key)
		waitFor(t, 5*time.Second, "the presenter and the follower to switch", func() bool {
			return pr.get().View == want && fr.get().View == want
		})
		slowest = max(slowest, time.Since(start))
		if st := sr.get(); st == last {
			still++
		} else {
			still, last = 0, st
		}
	}
	t.Logf("the stalled viewer's program stopped after %d switches; slowest switch of the presenter and the other follower: %s", i-still, slowest)
	if slowest > 2*time.Second {
		t.Errorf("a switch took %s with a stalled viewer", slowest)
	}

	// Reading again: the stalled viewer gets the latest state.
	go io.Copy(io.Discard, stalledOut)
	waitFor(t, 10*time.Second, "the stalled viewer to catch up", func() bool { return sr.get() == pr.get() })
}
