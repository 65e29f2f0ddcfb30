package chart

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/ui/internal/asciifold"
)

// styleID indexes grid.styles; 0 is unstyled.
type styleID uint16

// cell is one terminal cell. A wide rune occupies its cell and the next,
// which is marked cont and prints nothing.
type cell struct {
	s    string
	st   styleID
	cont bool
}

// grid is a fixed-size cell buffer that renders to exactly w x h cells. We
// render it ourselves, grouping runs of equal style, because a Style.Render
// per cell (what ntcharts' canvas does) dominates the frame time.
type grid struct {
	w, h   int
	cells  []cell
	styles []lipgloss.Style
	ascii  bool // every rune set is folded to ASCII (asciifold)
}

func newGrid(w, h int, styles []lipgloss.Style) *grid {
	g := &grid{w: w, h: h, cells: make([]cell, w*h), styles: styles}
	for i := range g.cells {
		g.cells[i].s = " "
	}
	return g
}

func (g *grid) in(x, y int) bool { return x >= 0 && y >= 0 && x < g.w && y < g.h }

// set puts a single-width rune at (x, y).
func (g *grid) set(x, y int, r rune, st styleID) {
	if !g.in(x, y) {
		return
	}
	if g.ascii {
		r = asciifold.Rune(r)
	}
	g.clearWide(x, y)
	g.cells[y*g.w+x] = cell{s: string(r), st: st}
}

// clearWide blanks the other half of a wide rune that (x, y) belongs to.
func (g *grid) clearWide(x, y int) {
	c := &g.cells[y*g.w+x]
	if c.cont && x > 0 {
		g.cells[y*g.w+x-1] = cell{s: " "}
	}
	if !c.cont && x+1 < g.w && g.cells[y*g.w+x+1].cont {
		g.cells[y*g.w+x+1] = cell{s: " "}
	}
}

// text writes s from (x, y), clipped to maxW cells and to the grid; it
// returns the number of cells used.
func (g *grid) text(x, y int, s string, st styleID, maxW int) int {
	if y < 0 || y >= g.h {
		return 0
	}
	if maxW > g.w-x {
		maxW = g.w - x
	}
	if g.ascii {
		s = asciifold.String(s)
	}
	used := 0
	for _, r := range s {
		if r == '\n' || r == '\t' || r < ' ' {
			r = ' '
		}
		rw := ansi.StringWidth(string(r))
		if rw == 0 {
			// Combining mark: attach it to the previous cell.
			if used > 0 && x+used-1 >= 0 {
				p := &g.cells[y*g.w+x+used-1]
				if !p.cont {
					p.s += string(r)
				}
			}
			continue
		}
		if used+rw > maxW {
			break
		}
		if x+used < 0 {
			used += rw
			continue
		}
		g.clearWide(x+used, y)
		g.cells[y*g.w+x+used] = cell{s: string(r), st: st}
		if rw == 2 {
			g.clearWide(x+used+1, y)
			g.cells[y*g.w+x+used+1] = cell{cont: true, st: st}
		}
		used += rw
	}
	return used
}

// textRight writes s so that it ends just before column x.
func (g *grid) textRight(x, y int, s string, st styleID) {
	w := ansi.StringWidth(s)
	g.text(x-w, y, s, st, w)
}

// blank reports whether the n cells from (x, y) are inside the grid and
// empty.
func (g *grid) blank(x, y, n int) bool {
	if y < 0 || y >= g.h || x < 0 || x+n > g.w {
		return false
	}
	for k := x; k < x+n; k++ {
		if c := g.cells[y*g.w+k]; c.s != " " || c.cont {
			return false
		}
	}
	return true
}

func (g *grid) String() string {
	var b strings.Builder
	b.Grow(g.w * g.h * 4)
	var run strings.Builder
	for y := 0; y < g.h; y++ {
		if y > 0 {
			b.WriteByte('\n')
		}
		row := g.cells[y*g.w : (y+1)*g.w]
		for i := 0; i < len(row); {
			st := row[i].st
			run.Reset()
			j := i
			for j < len(row) {
				if row[j].st == st {
					if !row[j].cont {
						run.WriteString(row[j].s)
					}
					j++
					continue
				}
				// Blanks between two cells of this style join the run: a
				// foreground colour does not show on spaces, and fewer
				// escapes mean fewer bytes to every SSH client.
				k := j
				for k < len(row) && row[k].st == 0 && row[k].s == " " {
					k++
				}
				if st == 0 || k == j || k == len(row) || row[k].st != st {
					break
				}
				run.WriteString(strings.Repeat(" ", k-j))
				j = k
			}
			if st == 0 || int(st) >= len(g.styles) || strings.TrimSpace(run.String()) == "" {
				b.WriteString(run.String())
			} else {
				b.WriteString(g.styles[st].Render(run.String()))
			}
			i = j
		}
	}
	return b.String()
}

// fitBox returns msg centred in a w x h box of plain spaces (or "" for an
// empty box). It is what every mode shows when it has nothing to draw.
func fitBox(w, h int, msg string, st Styles) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	g := newGrid(w, h, []lipgloss.Style{{}, st.Muted})
	g.ascii = st.ASCII
	msg = ansi.Truncate(msg, w, "…")
	mw := ansi.StringWidth(msg)
	g.text((w-mw)/2, (h-1)/2, msg, 1, w)
	return g.String()
}
