package chart

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
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

// legendEntries lists every drawn series and every status on screen,
// each with the glyph and line style it is drawn with (StatusGlyph): with
// few series "━● Name actual", "┄◇ Name plan", "┄○ Name target"; with many
// "━ Name" per series and the status keys once ("● actual  ┄○ target").
// The estimate key is given once whenever an estimate shows. On a
// monochrome chart of several series, each name carries its tag.
func legendEntries(in Input, d lineData, pal palette, tr strs) []entry {
	var out []entry
	full := len(d.series) <= 4
	g := func(s data.Status) string { return string(pal.glyph(s)) }
	var anyActual, anyPlan, anyTarget bool
	for _, s := range d.series {
		st := pal.seriesStyle(s.idx)
		name := seriesName(in, s.idx)
		if tag := pal.tag(s.idx, len(d.series)); tag != "" {
			name = tag + " " + name
		}
		hasRes, hasActual := false, false
		for _, p := range s.results {
			if p.t >= d.a && p.t <= d.b {
				hasRes = true
				hasActual = hasActual || p.status == data.Actual
			}
		}
		// Its dotted line shows: promises in view, or one ahead of a result.
		hasProm := len(s.promises) > 0 || s.nextProm != nil && hasRes
		plan, target := hasProm && s.hasPlan, hasProm && s.hasTgt
		anyActual = anyActual || hasActual
		anyPlan, anyTarget = anyPlan || plan, anyTarget || target
		if !full {
			mark := "━"
			if !hasRes {
				mark = "┄"
			}
			out = append(out, entry{{mark, st}, {" " + name, pal.legend}})
			continue
		}
		if hasRes {
			res := data.Actual
			if !hasActual {
				res = data.Estimate
			}
			out = append(out, entry{{"━" + g(res), st}, {" " + name + " " + tr.statusWord(res), pal.legend}})
		}
		if plan {
			out = append(out, entry{{"┄" + g(data.Plan), st}, {" " + name + " " + tr.plan, pal.legend}})
		}
		if target {
			out = append(out, entry{{"┄" + g(data.Target), st}, {" " + name + " " + tr.target, pal.legend}})
		}
	}
	if !full {
		if anyActual {
			out = append(out, entry{{g(data.Actual), pal.muted}, {" " + tr.actual, pal.muted}})
		}
		if anyPlan {
			out = append(out, entry{{"┄" + g(data.Plan), pal.muted}, {" " + tr.plan, pal.muted}})
		}
		if anyTarget {
			out = append(out, entry{{"┄" + g(data.Target), pal.muted}, {" " + tr.target, pal.muted}})
		}
	}
	if d.estimate {
		out = append(out, entry{{g(data.Estimate), pal.muted}, {" " + tr.estimate, pal.muted}})
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
