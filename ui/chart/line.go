package chart

import (
	"math"
	"sort"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// vpoint is a point prepared for drawing: time in seconds, value already
// relative if asked for.
type vpoint struct {
	t, v   float64
	status data.Status
}

// lineSeries is one series' drawable points, split into the result line
// (actual and estimate) and the promises (plan and target).
type lineSeries struct {
	idx      int
	results  []vpoint  // includes one neighbour outside the range on each side
	promises []vpoint  // in range
	nextProm *vpoint   // the first promise after the range: the dotted line heads there
	edges    []float64 // the result line's values where it crosses the range's edges
	visible  bool      // has at least one point inside the range
	hasEst   bool
	hasPlan  bool
	hasTgt   bool
}

// lineData is what renderLine computes before drawing.
type lineData struct {
	a, b     float64 // visible range, seconds
	series   []lineSeries
	lo, hi   float64 // over visible values
	anyVis   bool
	logNA    bool
	estimate bool
}

func prepareLine(in Input) lineData {
	d := lineData{lo: math.Inf(1), hi: math.Inf(-1)}
	if !in.From.IsZero() || !in.To.IsZero() {
		f, t := in.From, in.To
		ef, et := Extent(in.Ind)
		if f.IsZero() {
			f = ef
		}
		if t.IsZero() {
			t = et
		}
		d.a, d.b = normRange(f, t)
	} else {
		f, t := Extent(in.Ind)
		d.a, d.b = normRange(f, t)
	}
	for i := range in.Ind.Series {
		s := lineSeriesOf(in, i, d.a, d.b)
		if !s.visible {
			continue
		}
		d.series = append(d.series, s)
	}
	for _, s := range d.series {
		for _, group := range [][]vpoint{s.results, s.promises} {
			for _, p := range group {
				if p.t < d.a || p.t > d.b {
					continue
				}
				d.anyVis = true
				d.lo, d.hi = math.Min(d.lo, p.v), math.Max(d.hi, p.v)
			}
		}
		for _, v := range s.edges {
			if finite(v) {
				d.anyVis = true
				d.lo, d.hi = math.Min(d.lo, v), math.Max(d.hi, v)
			}
		}
		d.estimate = d.estimate || s.hasEst
	}
	if in.Log && d.anyVis && !(d.lo > 0) {
		d.logNA = true
	}
	return d
}

// lineSeriesOf extracts series i's points for the range [a, b].
func lineSeriesOf(in Input, i int, a, b float64) lineSeries {
	s := lineSeries{idx: i}
	pts := in.Ind.Series[i].Points
	var before, after vpoint
	hasBefore, hasAfter := false, false
	res := make([]vpoint, 0, len(pts))
	var prom []vpoint
	for j := range pts {
		p := pts[j]
		if p.Period.IsZero() || !finite(p.Value) {
			continue
		}
		vp := vpoint{t: pointTime(p.Period), v: p.Value, status: p.Status}
		inRange := vp.t >= a && vp.t <= b
		if p.Status.IsResult() {
			switch {
			case vp.t < a:
				if !hasBefore || vp.t >= before.t {
					before, hasBefore = vp, true
				}
				continue
			case vp.t > b:
				if !hasAfter || vp.t < after.t {
					after, hasAfter = vp, true
				}
				continue
			}
			res = append(res, vp)
			if p.Status == data.Estimate {
				s.hasEst = true
			}
			s.visible = true
		} else if vp.t > b {
			if s.nextProm == nil || vp.t < s.nextProm.t {
				s.nextProm = &vpoint{t: vp.t, v: vp.v, status: vp.status}
			}
		} else if inRange {
			prom = append(prom, vp)
			if p.Status == data.Plan {
				s.hasPlan = true
			} else {
				s.hasTgt = true
			}
			s.visible = true
		}
	}
	// The loader orders points; a hand-built series may not be.
	byTime := func(ps []vpoint) {
		if !sort.SliceIsSorted(ps, func(i, j int) bool { return ps[i].t < ps[j].t }) {
			sort.SliceStable(ps, func(i, j int) bool { return ps[i].t < ps[j].t })
		}
	}
	byTime(res)
	byTime(prom)
	if hasBefore {
		res = append(res, vpoint{})
		copy(res[1:], res)
		res[0] = before
	}
	if hasAfter {
		res = append(res, after)
		// The dotted line would start beyond the range: none shows.
		s.nextProm = nil
	}
	if s.nextProm != nil {
		if s.nextProm.status == data.Plan {
			s.hasPlan = true
		} else {
			s.hasTgt = true
		}
	}
	// A line crossing the whole range with no point inside still shows:
	// its values at the edges count for the Y range.
	edges := func() []float64 {
		var out []float64
		for k := 1; k < len(res); k++ {
			p, q := res[k-1], res[k]
			for _, e := range [2]float64{a, b} {
				if p.t < e && q.t > e {
					out = append(out, p.v+(q.v-p.v)*(e-p.t)/(q.t-p.t))
				}
			}
		}
		return out
	}
	if !s.visible && hasBefore && hasAfter {
		s.visible = true
	}
	if in.Relative && s.visible {
		// The base is the first visible result (else promise) that is not
		// zero: a change relative to zero is undefined.
		base := math.NaN()
		for _, p := range res {
			if p.t >= a && p.t <= b && p.v != 0 {
				base = p.v
				break
			}
		}
		if e := edges(); math.IsNaN(base) && len(e) > 0 && e[0] != 0 {
			base = e[0]
		}
		for k := 0; math.IsNaN(base) && k < len(prom); k++ {
			if prom[k].v != 0 {
				base = prom[k].v
			}
		}
		if base == 0 || math.IsNaN(base) {
			s.visible = false
			return s
		}
		rel := func(v float64) float64 { return (v/base - 1) * 100 }
		for k := range res {
			res[k].v = rel(res[k].v)
		}
		for k := range prom {
			prom[k].v = rel(prom[k].v)
		}
		if s.nextProm != nil {
			s.nextProm.v = rel(s.nextProm.v)
		}
	}
	s.results = res
	s.promises = prom
	s.edges = edges()
	return s
}

// dotCell is one plot cell's braille dots and the series that drew last.
type dotCell struct {
	bits  uint8
	owner int // series index + 1; 0 = empty
}

// plot is the braille drawing surface of the line chart.
type plot struct {
	w, h  int // cells
	cells []dotCell
}

// brailleBit is the bit of dot (x%2, y%4) in a braille pattern (y from top).
var brailleBit = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

func (p *plot) dot(x, y, owner int) {
	if x < 0 || y < 0 || x >= p.w*2 || y >= p.h*4 {
		return
	}
	c := &p.cells[(y/4)*p.w+x/2]
	c.bits |= brailleBit[y%4][x%2]
	c.owner = owner
}

// segment draws from (x0,y0) to (x1,y1) in dot coordinates (y from the
// bottom), clipped to the plot; every nth dot only when n > 1 (dotted).
func (p *plot) segment(x0, y0, x1, y1 float64, owner, n int) {
	W, H := float64(p.w*2-1), float64(p.h*4-1)
	ok, cx0, cy0, cx1, cy1 := clip(x0, y0, x1, y1, 0, 0, W, H)
	if !ok {
		return
	}
	// Bresenham from the first end, so a dotted line's phase does not
	// depend on its direction; dot rows count from the top.
	ax, ay := int(math.Round(cx0)), p.h*4-1-int(math.Round(cy0))
	bx, by := int(math.Round(cx1)), p.h*4-1-int(math.Round(cy1))
	dx, dy := abs(bx-ax), -abs(by-ay)
	sx, sy := 1, 1
	if ax > bx {
		sx = -1
	}
	if ay > by {
		sy = -1
	}
	e := dx + dy
	for k := 0; ; k++ {
		if n <= 1 || k%n == 0 {
			p.dot(ax, ay, owner)
		}
		if ax == bx && ay == by {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			ax += sx
		}
		if e2 <= dx {
			e += dx
			ay += sy
		}
	}
}

// clip is Liang–Barsky clipping of a segment to a rectangle. It keeps
// rasterisation bounded however far outside the range a point lies.
func clip(x0, y0, x1, y1, xmin, ymin, xmax, ymax float64) (bool, float64, float64, float64, float64) {
	if !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return false, 0, 0, 0, 0
	}
	t0, t1 := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	for _, e := range [4][2]float64{{-dx, x0 - xmin}, {dx, xmax - x0}, {-dy, y0 - ymin}, {dy, ymax - y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false, 0, 0, 0, 0
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false, 0, 0, 0, 0
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return false, 0, 0, 0, 0
			}
			t1 = math.Min(t1, r)
		}
	}
	return true, x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy
}

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

// PlotFrac converts a column of a Line chart's box (0 = its left edge) to
// the position 0..1 across its time axis, clamped: the center for ZoomIn
// and ZoomOut when the mouse wheel turns over the chart. It lays the chart
// out again (no drawing), so it costs a fraction of a Render.
func PlotFrac(in Input, col int) float64 {
	if in.Width <= 0 || in.Height <= 0 || in.Ind == nil || !hasPoints(in.Ind) {
		return 0.5
	}
	l := layoutLine(in, newPalette(Styles{}), texts(in.Lang))
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
		return fitBox(W, H, l.msg, st.Muted)
	}
	d, useLog, header, xlabels := l.d, l.useLog, l.header, l.xlabels
	legendLines, plotW, plotH, gutter := l.legendLines, l.plotW, l.plotH, l.gutter
	ys, yticks := l.ys, l.yticks

	g := newGrid(W, H, pal.styles)
	top := header
	// Unit and scale notes above the Y axis.
	if header > 0 {
		unit := in.Ind.Unit
		if in.Relative {
			unit = tr.relUnit
		}
		if useLog {
			unit += " (" + tr.logScale + ")"
		}
		g.text(0, 0, unit, pal.label, W)
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
			p.dot(int(math.Round(dotX(xs[0]))), p.h*4-1-int(math.Round(ys.dotY(vs[0]))), k+1)
		}
	}
	for r := 0; r < plotH; r++ {
		for c := 0; c < plotW; c++ {
			dc := p.cells[r*plotW+c]
			if dc.bits == 0 {
				continue
			}
			g.set(axisX+1+c, top+r, rune(runes.BrailleBlockOffset)+rune(dc.bits), pal.seriesStyle(d.series[dc.owner-1].idx))
		}
	}
	drawMarkers(g, in, d, ys, pal, tr, axisX+1, top, plotW, plotH, dotX)
	if len(d.series) <= 4 && plotW >= 40 && plotH >= 8 {
		annotate(g, in, d, ys, pal, tr, axisX+1, top, plotW, plotH, dotX)
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
func drawMarkers(g *grid, in Input, d lineData, ys yScale, pal palette, tr strs, x0, y0, plotW, plotH int, dotX func(float64) float64) {
	cellOf := func(p vpoint) (int, int, bool) {
		if p.t < d.a || p.t > d.b {
			return 0, 0, false
		}
		dx, dy := dotX(p.t), ys.dotY(p.v)
		if !finite(dx) || !finite(dy) {
			return 0, 0, false
		}
		cx := int(math.Round(dx)) / 2
		cy := (plotH*4 - 1 - int(math.Round(dy))) / 4
		if cx < 0 || cy < 0 || cx >= plotW || cy >= plotH {
			return 0, 0, false
		}
		return x0 + cx, y0 + cy, true
	}
	for k := len(d.series) - 1; k >= 0; k-- {
		s := d.series[k]
		st := pal.seriesStyle(s.idx)
		_, _, promise := pal.glyphs(s.idx)
		proms := s.promises
		if len(proms) > plotW/3 {
			proms = proms[len(proms)-1:] // dense plans: the dotted line says enough
		}
		for _, pr := range proms {
			if x, y, ok := cellOf(pr); ok {
				g.set(x, y, promise, st)
			}
		}
	}
	for k := len(d.series) - 1; k >= 0; k-- {
		s := d.series[k]
		st := pal.seriesStyle(s.idx)
		actual, estimate, _ := pal.glyphs(s.idx)
		in := s.results // sorted, with at most one neighbour outside each end
		if len(in) > 0 && in[0].t < d.a {
			in = in[1:]
		}
		if len(in) > 0 && in[len(in)-1].t > d.b {
			in = in[:len(in)-1]
		}
		spacing := 1
		if len(in) > plotW/3 {
			spacing = 0 // dense: the latest point only ...
			if pal.mono {
				spacing = 10 // ... or, in Mono, a glyph every ~10 cells
			}
		}
		if spacing == 0 && len(in) > 0 {
			in = in[len(in)-1:]
		}
		lastX := math.MinInt / 2
		for j, p := range in {
			x, y, ok := cellOf(p)
			if !ok {
				continue
			}
			isLast := j == len(in)-1
			if !isLast && (spacing == 0 || x-lastX < spacing) {
				continue
			}
			glyph := actual
			if p.status == data.Estimate {
				glyph = estimate
			}
			g.set(x, y, glyph, st)
			lastX = x
		}
	}
}

// annotate writes the value next to each series' latest result and latest
// plan or target in view, where the cells beside the marker are free: the
// figures a briefing quotes ("10 now, 20 by 2030").
func annotate(g *grid, in Input, d lineData, ys yScale, pal palette, tr strs, x0, y0, plotW, plotH int, dotX func(float64) float64) {
	label := func(p vpoint, st styleID) {
		if p.t < d.a || p.t > d.b {
			return
		}
		dx, dy := dotX(p.t), ys.dotY(p.v)
		if !finite(dx) || !finite(dy) {
			return
		}
		x := x0 + int(math.Round(dx))/2
		y := y0 + (plotH*4-1-int(math.Round(dy)))/4
		if y < y0 || y >= y0+plotH {
			return
		}
		s := formatNum(p.v, in.Ind.Decimals, tr)
		if in.Relative {
			s = formatSigned(p.v, 0, tr) + "%"
		}
		w := ansi.StringWidth(s)
		// Beside the marker, else just above or below it.
		// Beside the marker, else just above or below it; the cells
		// checked include a blank margin so the figure does not touch a line.
		spots := [][4]int{ // text x, y; checked from x, width
			{x + 1, y, x + 1, w + 1}, {x - w - 1, y, x - w - 1, w + 1},
			{x - w + 1, y - 1, x - w, w + 2}, {x - w + 1, y + 1, x - w, w + 2},
			{x, y - 1, x - 1, w + 2}, {x, y + 1, x - 1, w + 2}}
		// A second pass drops the margin of the spots above and below.
		for pass := 0; pass < 2; pass++ {
			for k, sp := range spots {
				sx, sy, cx, n := sp[0], sp[1], sp[2], sp[3]
				if pass == 1 {
					if k < 2 {
						continue
					}
					cx, n = sx, w
				}
				if cx < x0 || cx+n > x0+plotW || sy < y0 || sy >= y0+plotH || !g.blank(cx, sy, n) {
					continue
				}
				g.text(sx, sy, s, st, w)
				return
			}
		}
	}
	for _, s := range d.series {
		st := pal.seriesStyle(s.idx)
		var lastRes, lastProm *vpoint
		for k := range s.results {
			if p := &s.results[k]; p.t >= d.a && p.t <= d.b {
				lastRes = p
			}
		}
		if n := len(s.promises); n > 0 {
			lastProm = &s.promises[n-1]
		}
		if lastProm != nil {
			label(*lastProm, st)
		}
		if lastRes != nil {
			label(*lastRes, st)
		}
	}
}

// drawMarks draws each event in view as a dotted vertical line through the
// empty cells of its column (data always wins), with its label at the top
// of the plot when the cells there are free.
func drawMarks(g *grid, marks []Mark, d lineData, pal palette, x0, y0, plotW, plotH int) {
	for _, m := range marks {
		t := secs(m.At)
		if m.At.IsZero() || t < d.a || t > d.b {
			continue
		}
		x := x0 + int(math.Round((t-d.a)/(d.b-d.a)*float64(plotW*2-1)))/2
		for y := y0; y < y0+plotH; y++ {
			if g.blank(x, y, 1) {
				g.set(x, y, '┊', pal.muted)
			}
		}
		if m.Label == "" {
			continue
		}
		lbl := ansi.Truncate(m.Label, max(0, x0+plotW-x-2), "…")
		if w := ansi.StringWidth(lbl); w > 0 && g.blank(x+1, y0, w+1) {
			g.text(x+1, y0, lbl, pal.muted, w)
		}
	}
}
