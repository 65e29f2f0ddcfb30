package chart

import (
	"fmt"
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

const minPlotW, minPlotH = 10, 3

// lineLayout is where everything of a line chart goes; msg is set instead
// when there is nothing to draw or no room.
type lineLayout struct {
	msg                  string
	d                    lineData
	useLog               bool
	header, xlabels      int
	legendLines          [][]span
	plotW, plotH, gutter int
	ys                   yScale
	yticks               []tick
}

func layoutLine(in Input, pal palette, tr strs) lineLayout {
	W, H := in.Width, in.Height
	var l lineLayout
	l.d = prepareLine(in)
	d := l.d
	if !d.anyVis {
		l.msg = tr.noData
		return l
	}
	l.useLog = in.Log && !d.logNA

	// From the bottom: legend, X labels, X axis; the unit on top.
	l.header = 1
	if H < 6 {
		l.header = 0
	}
	l.xlabels = 1
	if H < 4 {
		l.xlabels = 0
	}
	fixed := l.header + l.xlabels + 1
	maxLegend := max(0, min((H-fixed-minPlotH)/3+1, H-fixed-minPlotH))
	l.legendLines = layoutLegend(legendEntries(in, d, pal, tr), W, maxLegend, tr)
	l.plotH = H - fixed - len(l.legendLines)
	if l.plotH < minPlotH {
		l.msg = tr.tooSmall
		return l
	}
	if l.useLog {
		l.ys, l.yticks = logScale(d.lo, d.hi, l.plotH, tr)
	} else {
		l.ys, l.yticks = linearScale(d.lo, d.hi, l.plotH, tr, in.Relative)
	}
	for _, t := range l.yticks {
		l.gutter = max(l.gutter, ansi.StringWidth(t.label))
	}
	l.gutter++ // the axis line
	l.plotW = W - l.gutter - 1
	if l.plotW < minPlotW {
		// Drop the Y labels before giving up.
		l.gutter, l.yticks = 1, nil
		l.plotW = W - 2
		if l.plotW < minPlotW {
			l.msg = tr.tooSmall
		}
	}
	return l
}

// PlotFrac converts a column of a Line chart's box (0 = its left edge),
// rendered from in and st, to
// the position 0..1 across its time axis, clamped: the center for ZoomIn
// and ZoomOut when the mouse wheel turns over the chart. It lays the chart
// out again (no drawing), so it costs a fraction of a Render.
func PlotFrac(in Input, st Styles, col int) float64 {
	if in.Width <= 0 || in.Height <= 0 || in.Ind == nil || !hasPoints(in.Ind) {
		return 0.5
	}
	l := layoutLine(in, newPalette(st), texts(in.Lang))
	if l.msg != "" || l.plotW < 2 {
		return 0.5
	}
	// Column gutter+k holds dots 2k and 2k+1 of 2*plotW.
	f := (float64(col-l.gutter) + 0.5) / float64(l.plotW)
	return math.Max(0, math.Min(1, f))
}

func renderLine(in Input, st Styles, tr strs) string {
	W, H := in.Width, in.Height
	pal := newPalette(st)
	l := layoutLine(in, pal, tr)
	if l.msg != "" {
		return fitBox(W, H, l.msg, st)
	}
	d, useLog, header, xlabels := l.d, l.useLog, l.header, l.xlabels
	legendLines, plotW, plotH, gutter := l.legendLines, l.plotW, l.plotH, l.gutter
	ys, yticks := l.ys, l.yticks

	g := pal.newGrid(W, H)
	top := header
	// Unit and scale notes above the Y axis.
	if header > 0 {
		unit := in.unit()
		if in.Relative {
			unit = tr.relUnit
		}
		if useLog {
			unit += " (" + tr.logScale + ")"
		}
		uw := g.text(0, 0, unit, pal.label, W)
		// Day labels ("15 Jul") carry no year: name it at the right.
		if d.b-d.a < 120*day {
			years := fmt.Sprint(fromSecs(d.a).Year())
			if y := fromSecs(d.b).Year(); y != fromSecs(d.a).Year() {
				years += "–" + fmt.Sprint(y)
			}
			if yw := ansi.StringWidth(years); uw+2+yw <= W {
				g.text(W-yw, 0, years, pal.label, yw)
			}
		}
	}
	// Y axis and its labels.
	axisX := gutter - 1
	for r := 0; r < plotH; r++ {
		g.set(axisX, top+r, '│', pal.axis)
	}
	for _, t := range yticks {
		g.set(axisX, top+t.pos, '┤', pal.axis)
		g.textRight(axisX, top+t.pos, t.label, pal.label)
	}
	// X axis, ticks and labels.
	axisY := top + plotH
	g.set(axisX, axisY, '└', pal.axis)
	for x := axisX + 1; x < W; x++ {
		g.set(x, axisY, '─', pal.axis)
	}
	gran := data.Year
	for _, s := range d.series {
		for _, p := range in.Ind.Series[s.idx].Points {
			gran = max(gran, p.Period.Gran())
		}
	}
	if xlabels > 0 {
		lastEnd := -2
		for _, t := range timeTicks(d.a, d.b, plotW, gran, tr) {
			x := axisX + 1 + t.pos
			g.set(x, axisY, '┬', pal.axis)
			lw := ansi.StringWidth(t.label)
			start := min(max(x-lw/2, 0), W-lw)
			if start <= lastEnd+1 {
				continue // two spaces at least between labels
			}
			g.text(start, axisY+1, t.label, pal.label, lw)
			lastEnd = start + lw
		}
	}

	// The plot: braille lines, then markers on top.
	p := &plot{w: plotW, h: plotH, cells: make([]dotCell, plotW*plotH)}
	xdots := float64(plotW*2 - 1)
	dotX := func(t float64) float64 { return (t - d.a) / (d.b - d.a) * xdots }
	maxPts := max(2, plotW*2) // one point per braille dot column
	// Promises first (dotted), so that result lines win shared cells.
	for k := len(d.series) - 1; k >= 0; k-- {
		s := d.series[k]
		chain := promiseChain(s)
		for j := 1; j < len(chain); j++ {
			p.segment(dotX(chain[j-1].t), ys.dotY(chain[j-1].v), dotX(chain[j].t), ys.dotY(chain[j].v), k+1, 3)
		}
	}
	for k := len(d.series) - 1; k >= 0; k-- {
		s := d.series[k]
		xs, vs := downsample(s.results, maxPts)
		for j := 1; j < len(xs); j++ {
			p.segment(dotX(xs[j-1]), ys.dotY(vs[j-1]), dotX(xs[j]), ys.dotY(vs[j]), k+1, 1)
		}
		if len(xs) == 1 {
			p.dot(int(math.Round(dotX(xs[0]))), p.h*4-1-int(math.Round(ys.dotY(vs[0]))), k+1, true)
		}
	}
	for r := 0; r < plotH; r++ {
		for c := 0; c < plotW; c++ {
			dc := p.cells[r*plotW+c]
			if dc.bits == 0 {
				continue
			}
			ch := rune(runes.BrailleBlockOffset) + rune(dc.bits)
			if pal.ascii {
				ch = asciiCell(dc)
			}
			g.set(axisX+1+c, top+r, ch, pal.seriesStyle(d.series[dc.owner-1].idx))
		}
	}
	drawMarkers(g, in, d, ys, pal, tr, axisX+1, top, plotW, plotH, dotX)
	lab := &labeller{g: g, d: d, ys: ys, x0: axisX + 1, y0: top, plotW: plotW, plotH: plotH, dotX: dotX}
	drawTags(lab, d, pal)
	if len(d.series) <= 4 && plotW >= 40 && plotH >= 8 {
		annotate(lab, in, d, pal, tr)
	}
	// A faint zero line when values change sign (growth rates, relative).
	if !useLog && ys.lo < 0 && ys.hi > 0 {
		if r := ys.row(0); r >= 0 && r < plotH {
			for c := 1; c < plotW; c += 2 { // sparse dots: not to be read as a series
				if g.blank(axisX+1+c, top+r, 1) {
					g.set(axisX+1+c, top+r, '·', pal.muted)
				}
			}
		}
	}
	drawMarks(g, in.Marks, d, pal, axisX+1, top, plotW, plotH)
	for i, line := range legendLines {
		drawLegendLine(g, H-len(legendLines)+i, line)
	}
	return g.String()
}

// promiseChain is the dotted path of a series: from its last result point
// (if it is before the first promise) through its promises in time order.
func promiseChain(s lineSeries) []vpoint {
	proms := s.promises
	if s.nextProm != nil {
		proms = append(proms[:len(proms):len(proms)], *s.nextProm)
	}
	if len(proms) == 0 {
		return nil
	}
	var chain []vpoint
	var last *vpoint
	for k := range s.results {
		if s.results[k].t <= proms[0].t {
			last = &s.results[k]
		}
	}
	if last != nil {
		chain = append(chain, *last)
	}
	for _, pr := range proms {
		if last != nil && pr.t < last.t {
			continue // a past plan: marker only
		}
		chain = append(chain, pr)
	}
	return chain
}

// downsample turns points into coordinates, LTTB-reduced to n.
func downsample(pts []vpoint, n int) ([]float64, []float64) {
	xs := make([]float64, len(pts))
	vs := make([]float64, len(pts))
	for k, p := range pts {
		xs[k], vs[k] = p.t, p.v
	}
	if len(pts) <= n {
		return xs, vs
	}
	return LTTB(xs, vs, n)
}

// drawMarkers puts a glyph on result points (all of them when sparse, the
// latest only when dense; in Mono a glyph every few cells so each line
// shows which series it is) and a hollow glyph on every plan and target.
