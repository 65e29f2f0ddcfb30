package chart

import (
	"math"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

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
		proms := s.promises
		if len(proms) > plotW/3 {
			proms = proms[len(proms)-1:] // dense plans: the dotted line says enough
		}
		for _, pr := range proms {
			if x, y, ok := cellOf(pr); ok {
				g.set(x, y, pal.glyph(pr.status), st)
			}
		}
	}
	for k := len(d.series) - 1; k >= 0; k-- {
		s := d.series[k]
		st := pal.seriesStyle(s.idx)
		in := s.results // sorted, with at most one neighbour outside each end
		if len(in) > 0 && in[0].t < d.a {
			in = in[1:]
		}
		if len(in) > 0 && in[len(in)-1].t > d.b {
			in = in[:len(in)-1]
		}
		spacing := 1
		if len(in) > plotW/3 {
			spacing = 0 // dense: the latest point only
		}
		if spacing == 0 && len(in) > 0 {
			in = in[len(in)-1:]
		}
		lastX := math.MinInt / 2
		actualAt := map[[2]int]bool{}
		for j, p := range in {
			x, y, ok := cellOf(p)
			if !ok {
				continue
			}
			isLast := j == len(in)-1
			if !isLast && (spacing == 0 || x-lastX < spacing) {
				continue
			}
			// An actual wins a cell over an estimate (of the series drawn
			// last: series are drawn last to first).
			if p.status == data.Estimate && actualAt[[2]int{x, y}] {
				continue
			}
			if p.status == data.Actual {
				actualAt[[2]int{x, y}] = true
			}
			g.set(x, y, pal.glyph(p.status), st)
			lastX = x
		}
	}
}

// labeller places short texts beside points of a line chart where the
// cells are free, keeping a blank cell between two of them so that two
// never read as one ("28.227.4").
type labeller struct {
	g                    *grid
	d                    lineData
	ys                   yScale
	x0, y0, plotW, plotH int
	dotX                 func(float64) float64
	placed               [][3]int // x, y, width
}

func (l *labeller) clash(sx, sy, w int) bool {
	for _, p := range l.placed {
		if p[1] == sy && sx < p[0]+p[2]+1 && p[0] < sx+w+1 {
			return true
		}
	}
	return false
}

// place writes s beside the marker of p, else just above or below it; the
// cells checked include a blank margin so the text does not touch a line.
func (l *labeller) place(p vpoint, s string, st styleID) bool {
	g, x0, y0, plotW, plotH := l.g, l.x0, l.y0, l.plotW, l.plotH
	if p.t < l.d.a || p.t > l.d.b {
		return false
	}
	dx, dy := l.dotX(p.t), l.ys.dotY(p.v)
	if !finite(dx) || !finite(dy) {
		return false
	}
	x := x0 + int(math.Round(dx))/2
	y := y0 + (plotH*4-1-int(math.Round(dy)))/4
	if y < y0 || y >= y0+plotH {
		return false
	}
	w := ansi.StringWidth(s)
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
			if cx < x0 || cx+n > x0+plotW || sy < y0 || sy >= y0+plotH || !g.blank(cx, sy, n) || l.clash(sx, sy, w) {
				continue
			}
			g.text(sx, sy, s, st, w)
			l.placed = append(l.placed, [3]int{sx, sy, w})
			return true
		}
	}
	return false
}

// lastInView is the latest result of s in view, else its latest promise.
func lastInView(s lineSeries, d lineData) (res, prom *vpoint) {
	for k := range s.results {
		if p := &s.results[k]; p.t >= d.a && p.t <= d.b {
			res = p
		}
	}
	if n := len(s.promises); n > 0 {
		prom = &s.promises[n-1]
	}
	return res, prom
}

// drawTags writes each series' tag (palette.tag) beside its latest point
// in view: on a monochrome chart of several series, the only way to tell
// which line is which.
func drawTags(l *labeller, d lineData, pal palette) {
	for _, s := range d.series {
		tag := pal.tag(s.idx, len(d.series))
		if tag == "" {
			return
		}
		res, prom := lastInView(s, d)
		if res != nil && l.place(*res, tag, pal.title) {
			continue
		}
		if prom != nil {
			l.place(*prom, tag, pal.title)
		}
	}
}

// annotate writes the value next to each series' latest result and latest
// plan or target in view, where the cells beside the marker are free: the
// figures a briefing quotes ("10 now, 20 by 2030").
func annotate(l *labeller, in Input, d lineData, pal palette, tr strs) {
	label := func(p vpoint, st styleID) {
		s := formatNum(p.v, in.Ind.Decimals, tr)
		if in.Relative {
			s = formatSigned(p.v, 0, tr) + "%"
		}
		l.place(p, s, st)
	}
	for _, s := range d.series {
		st := pal.seriesStyle(s.idx)
		lastRes, lastProm := lastInView(s, d)
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
