package chart

import (
	"fmt"
	"math"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// progRow is one series' baseline, current and target.
type progRow struct {
	idx  int
	name string
	pts  []data.Point
	m    data.Milestones
}

func renderProgress(in Input, st Styles, tr strs) string {
	W, H := in.Width, in.Height
	pal := newPalette(st)
	var rows []progRow
	var vals []float64
	for i := range in.Ind.Series {
		pts := in.Ind.Series[i].Points
		m := data.FindMilestones(pts)
		if m.Baseline < 0 && m.Current < 0 && m.Target < 0 {
			continue
		}
		rows = append(rows, progRow{idx: i, name: seriesName(in, i), pts: pts, m: m})
		for _, k := range []int{m.Baseline, m.Current, m.Target} {
			if k >= 0 {
				vals = append(vals, pts[k].Value)
			}
		}
	}
	if len(rows) == 0 {
		return fitBox(W, H, tr.noData, st)
	}
	header := 1
	if H < 4 {
		header = 0
	}
	avail := H - header
	// A block is a name line and three bars; blocks are separated by a
	// blank line when there is room. Too little room for one block gives a
	// one-line summary per series instead.
	block := 4
	if avail < block {
		return renderProgressCompact(in, rows, pal, tr, header)
	}
	gap := 1
	perBlock := block + gap
	fit := (avail + gap) / perBlock
	if fit < len(rows) {
		// "+N more" needs a line.
		fit = max(1, (avail-1+gap)/perBlock)
	}
	shown := rows
	more := 0
	if len(rows) > fit {
		shown, more = rows[:fit], len(rows)-fit
	}

	words := [3]string{tr.baseline, tr.current, tr.target}
	wordW := 0
	for _, w := range words {
		wordW = max(wordW, ansi.StringWidth(w))
	}
	perW, valW := 1, 1
	for _, r := range shown {
		for _, k := range []int{r.m.Baseline, r.m.Current, r.m.Target} {
			if k < 0 {
				continue
			}
			perW = max(perW, ansi.StringWidth(periodLabel(r.pts[k].Period, tr)))
			valW = max(valW, ansi.StringWidth(progValue(r.pts[k], in.Ind, tr)))
		}
	}
	indent := 2
	barX := indent + wordW + 1 + perW + 2
	barW := W - barX - 1 - valW
	if barW < 4 {
		return renderProgressCompact(in, rows, pal, tr, header)
	}

	g := pal.newGrid(W, H)
	if header > 0 {
		g.text(0, 0, in.unit(), pal.label, W)
	}
	scale := newBarScale(vals, barW)
	y := header
	for _, r := range shown {
		sst := pal.seriesStyle(r.idx)
		x := g.text(0, y, r.name, pal.title, W)
		if p, ok := r.m.Progress(r.pts); ok {
			s := formatNum(math.Round(p*100), 0, tr) + "% " + tr.progressOf
			// Against the share of the time from baseline to target that has
			// passed at the current point: is it on track?
			if tf, ok := timeFrac(r.m, r.pts); ok {
				s += ", " + formatNum(math.Round(tf*100), 0, tr) + "% " + tr.timeGone
			}
			g.text(x+2, y, ansi.Truncate(s, max(0, W-x-2), "…"), pal.muted, W-x-2) // cut with …, not mid-word
		} else if r.m.Target < 0 {
			g.text(x+2, y, tr.noTarget, pal.muted, W-x-2)
		}
		for k, idx := range []int{r.m.Baseline, r.m.Current, r.m.Target} {
			row := y + 1 + k
			g.text(indent, row, words[k], pal.label, wordW)
			if idx < 0 {
				g.text(barX, row, "–", pal.muted, barW)
				continue
			}
			p := r.pts[idx]
			g.text(indent+wordW+1, row, periodLabel(p.Period, tr), pal.label, perW)
			if k == 2 {
				drawBar(g, barX, row, scale, p.Value, '░', false, sst)
			} else {
				fill, solid := '█', true
				if p.Status == data.Estimate {
					fill, solid = '▓', false
				}
				drawBar(g, barX, row, scale, p.Value, fill, solid, sst)
			}
			g.text(barX+barW+1, row, progValue(p, in.Ind, tr), pal.legend, valW)
		}
		y += perBlock
	}
	if more > 0 {
		g.text(0, H-1, fmt.Sprintf("+%d %s", more, tr.more), pal.muted, W)
	}
	return g.String()
}

// progValue is "10 Mt/yr", with "(estimate)" or "(plan)" when the point is
// not an actual or a target.
func progValue(p data.Point, ind *data.Indicator, tr strs) string {
	return valueLabel(p.Value, p.Status, ind, tr, false)
}

// valueLabel is v with its unit and, unless it is an actual, its status
// in brackets ("12 Mt (plan)"); a target is only named when markTarget.
func valueLabel(v float64, st data.Status, ind *data.Indicator, tr strs, markTarget bool) string {
	s := formatNum(v, ind.Decimals, tr)
	if u := ind.Unit.Get(tr.lang); u != "" {
		s += " " + u
	}
	switch {
	case st == data.Estimate:
		s += " (" + tr.estimate + ")"
	case st == data.Plan:
		s += " (" + tr.plan + ")"
	case st == data.Target && markTarget:
		s += " (" + tr.target + ")"
	}
	return s
}

// renderProgressCompact is one line per series: "Name  10 → 12 → ○20 Mt/yr".
func renderProgressCompact(in Input, rows []progRow, pal palette, tr strs, header int) string {
	W, H := in.Width, in.Height
	g := pal.newGrid(W, H)
	if header > 0 {
		g.text(0, 0, in.unit(), pal.label, W)
	}
	avail := H - header
	nameW := 0
	for _, r := range rows {
		nameW = max(nameW, ansi.StringWidth(r.name))
	}
	nameW = min(nameW, max(W/3, 4))
	for k, r := range rows {
		y := header + k
		if k == avail-1 && len(rows) > avail {
			g.text(0, y, fmt.Sprintf("+%d %s", len(rows)-k, tr.more), pal.muted, W)
			break
		}
		if k >= avail {
			break
		}
		g.text(0, y, ansi.Truncate(r.name, nameW, "…"), pal.title, nameW)
		x := nameW + 1
		val := func(i int) string {
			if i < 0 {
				return "–"
			}
			return formatNum(r.pts[i].Value, in.Ind.Decimals, tr)
		}
		x += g.text(x, y, val(r.m.Baseline)+" → "+val(r.m.Current)+" ", pal.legend, W-x)
		tg := ""
		if r.m.Target >= 0 {
			tg = string(pal.glyph(r.pts[r.m.Target].Status))
		}
		x += g.text(x, y, "→ "+tg+val(r.m.Target), pal.seriesStyle(r.idx), W-x)
		if p, ok := r.m.Progress(r.pts); ok {
			g.text(x+1, y, formatNum(math.Round(p*100), 0, tr)+"%", pal.muted, W-x-1)
		}
	}
	return g.String()
}
