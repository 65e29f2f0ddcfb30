// Package snapshot turns one dashboard frame, as the terminal receives it
// (text with ANSI SGR colours), into a picture of that terminal: an SVG
// screenshot for slides or an HTML <pre> for reports and e-mail. It parses
// the frame into cells once (with the same grapheme widths lipgloss lays
// the frame out with) and draws every row on a fixed cell grid, so that
// braille and box drawing line up whatever the font's own advance is.
package snapshot

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
)

// The cell grid. Every glyph run is stretched or squeezed to exactly its
// number of cells (SVG textLength), so a font whose advance is not 0.6 em
// still lines up; HTML cannot do that and relies on the font stack.
const (
	FontSize   = 14.0 // px
	CellWidth  = 8.4  // px, 0.6 em: the advance of DejaVu Sans Mono, Menlo, Consolas
	CellHeight = 17.0 // px: rows touch, so box drawing and braille join
	Padding    = 8.0  // px around the grid
)

// FontStack lists monospace fonts that carry box drawing and braille.
const FontStack = `"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", "Noto Sans Mono", monospace`

// Options say how to draw a frame.
type Options struct {
	Dark  bool   // dark terminal background (else light)
	Title string // the picture's title (SVG <title>, HTML title attribute)
}

// Cell is one cell of the grid after parsing. A wide character takes its
// first cell (Width 2) and leaves the next one empty (Width 0).
type Cell struct {
	Text      string
	Width     int
	FG, BG    string // "#rrggbb", or "" for the terminal's default
	Bold      bool
	Faint     bool
	Italic    bool
	Underline bool
	Strike    bool
}

// Grid is a parsed frame: rows of exactly Cols cells.
type Grid struct {
	Cols, Rows int
	Cells      [][]Cell
}

// Theme is the terminal's default colours and its 16-colour palette.
type Theme struct {
	FG, BG  string
	Palette [16]string
}

// ThemeFor is the theme of a dark or light terminal.
func ThemeFor(dark bool) Theme {
	if dark {
		return Theme{FG: "#e6e6e6", BG: "#1c1c1c", Palette: [16]string{
			"#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
			"#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"}}
	}
	return Theme{FG: "#1a1a1a", BG: "#ffffff", Palette: [16]string{
		"#000000", "#cd3131", "#00bc00", "#949800", "#0451a5", "#bc05bc", "#0598bc", "#555555",
		"#666666", "#cd3131", "#14ce14", "#b5ba00", "#0451a5", "#bc05bc", "#0598bc", "#a5a5a5"}}
}

// Parse reads a frame (lines separated by "\n", SGR colours and
// attributes) into a grid as wide as its widest line. Other escape
// sequences are ignored, as a screenshot has no cursor.
func Parse(frame string, dark bool) Grid {
	frame = strings.TrimSuffix(frame, "\n")
	lines := strings.Split(frame, "\n")
	cols := 0
	for _, l := range lines {
		cols = max(cols, ansi.StringWidth(l))
	}
	g := Grid{Cols: cols, Rows: len(lines)}
	if cols == 0 {
		g.Cells = make([][]Cell, len(lines))
		return g
	}
	th := ThemeFor(dark)
	buf := cellbuf.NewBuffer(cols, len(lines))
	cellbuf.SetContent(buf, frame)
	g.Cells = make([][]Cell, len(lines))
	for y := range lines {
		row := make([]Cell, cols)
		for x := 0; x < cols; x++ {
			c := buf.Cell(x, y)
			if c == nil {
				row[x] = Cell{Text: " ", Width: 1}
				continue
			}
			out := Cell{Text: c.String(), Width: c.Width}
			if c.Rune == 0 && c.Width == 0 {
				out.Text = "" // the second half of a wide character
			}
			if out.Width == 1 && out.Text == "" {
				out.Text = " "
			}
			s := c.Style
			out.FG = hexOf(s.Fg, th)
			out.BG = hexOf(s.Bg, th)
			out.Bold = s.Attrs.Contains(cellbuf.BoldAttr)
			out.Faint = s.Attrs.Contains(cellbuf.FaintAttr)
			out.Italic = s.Attrs.Contains(cellbuf.ItalicAttr)
			out.Strike = s.Attrs.Contains(cellbuf.StrikethroughAttr)
			out.Underline = s.UlStyle != cellbuf.NoUnderline
			if s.Attrs.Contains(cellbuf.ReverseAttr) {
				fg, bg := out.FG, out.BG
				if fg == "" {
					fg = th.FG
				}
				if bg == "" {
					bg = th.BG
				}
				out.FG, out.BG = bg, fg
			}
			row[x] = out
		}
		g.Cells[y] = row
	}
	return g
}

// hexOf resolves a terminal colour: the 16 basic colours through the
// theme's palette (as the viewer's terminal would), the others exactly.
func hexOf(c ansi.Color, th Theme) string {
	switch v := c.(type) {
	case nil:
		return ""
	case ansi.BasicColor:
		if int(v) < len(th.Palette) {
			return th.Palette[v]
		}
	case ansi.IndexedColor:
		if int(v) < 16 {
			return th.Palette[v]
		}
	}
	return rgbHex(c)
}

func rgbHex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// run is a stretch of one row whose cells share a style.
type run struct {
	x, cells int // first column, number of columns
	text     string
	c        Cell // the style (Text and Width unused)
}

func sameStyle(a, b Cell) bool {
	return a.FG == b.FG && a.BG == b.BG && a.Bold == b.Bold && a.Faint == b.Faint &&
		a.Italic == b.Italic && a.Underline == b.Underline && a.Strike == b.Strike
}

// runs splits a row into style runs that together cover every column.
func runs(row []Cell) []run {
	var out []run
	for x := 0; x < len(row); {
		c := row[x]
		r := run{x: x, c: c}
		var b strings.Builder
		for x < len(row) && sameStyle(row[x], c) {
			b.WriteString(row[x].Text)
			x++
			r.cells++
		}
		r.text = b.String()
		out = append(out, r)
	}
	return out
}
