package chart

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
)

// span is a piece of styled text.
type span struct {
	text string
	st   styleID
}

// entry is one legend item, kept together on a line.
type entry []span

func (e entry) width() int {
	w := 0
	for _, s := range e {
		w += ansi.StringWidth(s.text)
	}
	return w
}

// legendEntries lists every drawn series: "━● Name" for results and, for a
// series with plans or targets, "┄○ Name target". With many series the
// promise key is given once instead of per series.
func legendEntries(in Input, d lineData, pal palette, tr strs) []entry {
	var out []entry
	full := len(d.series) <= 4
	anyPromise, anyPlanOnly := false, true
	for _, s := range d.series {
		st := pal.seriesStyle(s.idx)
		actual, _, promise := pal.glyphs(s.idx)
		name := seriesName(in, s.idx)
		hasRes := false
		for _, p := range s.results {
			if p.t >= d.a && p.t <= d.b {
				hasRes = true
				break
			}
		}
		hasProm := len(s.promises) > 0 || s.nextProm != nil && hasRes // its dotted line shows
		anyPromise = anyPromise || hasProm
		if hasProm && s.hasTgt {
			anyPlanOnly = false
		}
		word := tr.target
		if !s.hasTgt {
			word = tr.plan
		}
		switch {
		case full && hasRes && hasProm:
			out = append(out,
				entry{{"━" + string(actual), st}, {" " + name + " " + tr.actual, pal.legend}},
				entry{{"┄" + string(promise), st}, {" " + name + " " + word, pal.legend}})
		case hasRes || !full:
			mark := "━" + string(actual)
			if !hasRes {
				mark = "┄" + string(promise)
			}
			out = append(out, entry{{mark, st}, {" " + name, pal.legend}})
		default:
			out = append(out, entry{{"┄" + string(promise), st}, {" " + name + " " + word, pal.legend}})
		}
	}
	if anyPromise && !full {
		word := tr.target
		if anyPlanOnly {
			word = tr.plan
		}
		out = append(out, entry{{"┄○", pal.muted}, {" " + word, pal.muted}})
	}
	if d.estimate && !pal.mono {
		out = append(out, entry{{"◐", pal.muted}, {" " + tr.estimate, pal.muted}})
	}
	if anyMarkIn(in.Marks, d) {
		out = append(out, entry{{"┊", pal.muted}, {" " + tr.event, pal.muted}})
	}
	if d.logNA {
		out = append(out, entry{{tr.logNA, pal.muted}})
	}
	return out
}

const legendGap = 2

// layoutLegend wraps entries into at most maxLines lines of width w; what
// does not fit is counted in a final "+N more".
func layoutLegend(es []entry, w, maxLines int, tr strs) [][]span {
	if maxLines <= 0 || len(es) == 0 || w <= 0 {
		return nil
	}
	var lines [][]entry
	var cur []entry
	curW := 0
	for i, e := range es {
		need := e.width()
		if len(cur) > 0 {
			need += legendGap
		}
		if curW+need > w && len(cur) > 0 {
			if len(lines)+1 == maxLines {
				cur = withMore(cur, len(es)-i, w, tr)
				return flatten(append(lines, cur))
			}
			lines = append(lines, cur)
			cur, curW, need = nil, 0, e.width()
		}
		cur = append(cur, e)
		curW += need
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return flatten(lines)
}

// withMore appends "+N more" to a line, dropping its last entries until it
// fits.
func withMore(line []entry, n, w int, tr strs) []entry {
	lineW := func(l []entry) int {
		t := 0
		for i, e := range l {
			if i > 0 {
				t += legendGap
			}
			t += e.width()
		}
		return t
	}
	for {
		more := entry{{text: fmt.Sprintf("+%d %s", n, tr.more)}}
		l := append(append([]entry(nil), line...), more)
		if lineW(l) <= w || len(line) == 0 {
			return l
		}
		line = line[:len(line)-1]
		n++
	}
}

func flatten(lines [][]entry) [][]span {
	out := make([][]span, len(lines))
	for i, l := range lines {
		for j, e := range l {
			if j > 0 {
				out[i] = append(out[i], span{text: "  "})
			}
			out[i] = append(out[i], e...)
		}
	}
	return out
}

// drawLegendLine writes one legend line at row y, clipped to the grid.
func drawLegendLine(g *grid, y int, line []span) {
	x := 0
	for _, s := range line {
		x += g.text(x, y, s.text, s.st, g.w-x)
	}
}

func anyMarkIn(marks []Mark, d lineData) bool {
	for _, m := range marks {
		if t := secs(m.At); !m.At.IsZero() && t >= d.a && t <= d.b {
			return true
		}
	}
	return false
}
