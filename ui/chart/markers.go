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
	// Figures already written, as x, y, width: a new one keeps a blank cell
	// from each of them, so two never read as one ("28.227.4").
	var placed [][3]int
	clash := func(sx, sy, w int) bool {
		for _, p := range placed {
			if p[1] == sy && sx < p[0]+p[2]+1 && p[0] < sx+w+1 {
				return true
			}
		}
		return false
	}
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
				if cx < x0 || cx+n > x0+plotW || sy < y0 || sy >= y0+plotH || !g.blank(cx, sy, n) || clash(sx, sy, w) {
					continue
				}
				g.text(sx, sy, s, st, w)
				placed = append(placed, [3]int{sx, sy, w})
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
