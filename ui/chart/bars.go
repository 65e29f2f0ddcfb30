package chart

import (
	"fmt"
	"sort"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// barRow is one entity's value at the compared period.
type barRow struct {
	idx    int
	name   string
	v      float64
	status data.Status
	ok     bool
}

// latestPeriod is the period compared by default: the latest one at which
// the most entities have a result (else the latest with any point), so
// that one early estimate does not hide everyone else's figures.
func latestPeriod(ind *data.Indicator) data.Period {
	count := map[data.Period]int{}
	var anyP data.Period
	for i := range ind.Series {
		seen := map[data.Period]bool{}
		for _, p := range ind.Series[i].Points {
			if p.Period.IsZero() || !finite(p.Value) {
				continue
			}
			anyP = max(anyP, p.Period)
			if p.Status.IsResult() && !seen[p.Period] {
				seen[p.Period] = true
				count[p.Period]++
			}
		}
	}
	best, bestN := data.Period(0), 0
	for p, n := range count {
		if n > bestN || n == bestN && p > best {
			best, bestN = p, n
		}
	}
	if best != 0 {
		return best
	}
	return anyP
}

// statusRank orders the points of one period: a result beats a promise.
func statusRank(s data.Status) int {
	switch s {
	case data.Actual:
		return 0
	case data.Estimate:
		return 1
	case data.Target:
		return 2
	}
	return 3
}

func renderBars(in Input, st Styles, tr strs) string {
	W, H := in.Width, in.Height
	pal := newPalette(st)
	at := in.At
	if at.IsZero() {
		at = latestPeriod(in.Ind)
	}
	var rows []barRow
	var vals []float64
	anyOK := false
	for i := range in.Ind.Series {
		r := barRow{idx: i, name: seriesName(in, i)}
		for _, p := range in.Ind.Series[i].Points {
			if p.Period != at || !finite(p.Value) {
				continue
			}
			if !r.ok || statusRank(p.Status) < statusRank(r.status) {
				r.v, r.status, r.ok = p.Value, p.Status, true
			}
		}
		if r.ok {
			vals = append(vals, r.v)
			anyOK = true
		}
		rows = append(rows, r)
	}
	if !anyOK {
		if at.IsZero() {
			return fitBox(W, H, tr.noData, st)
		}
		return fitBox(W, H, tr.noDataAt+" "+periodLabel(at, tr), st)
	}
	// Largest first; entities without a value at this period last.
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].ok != rows[b].ok {
			return rows[a].ok
		}
		return rows[a].ok && rows[a].v > rows[b].v
	})

	header := 1
	if H < 3 {
		header = 0
	}
	avail := H - header
	shown := rows
	more := 0
	if len(rows) > avail {
		shown = rows[:max(avail-1, 0)]
		more = len(rows) - len(shown)
	}
	labels := make([]string, len(shown))
	nameW, valW := 0, 0
	for k, r := range shown {
		nameW = max(nameW, ansi.StringWidth(r.name))
		labels[k] = barValueLabel(r, in.Ind, tr)
		valW = max(valW, ansi.StringWidth(labels[k]))
	}
	nameW = min(nameW, max(W/3, 4))
	barW := W - nameW - valW - 2
	if barW < 3 {
		// Drop the names' width down to a minimum before giving up.
		nameW = min(nameW, 4)
		barW = W - nameW - valW - 2
	}
	if barW < 3 || avail < 1 {
		return fitBox(W, H, tr.tooSmall, st)
	}

	g := pal.newGrid(W, H)
	if header > 0 {
		title := periodLabel(at, tr)
		if u := in.unit(); u != "" {
			title += " · " + u
		}
		g.text(0, 0, title, pal.title, W)
	}
	scale := newBarScale(vals, barW)
	gap := 0
	if len(shown) > 1 && avail >= 2*len(shown)-1 && more == 0 {
		gap = 1 // air between bars when there is room
	}
	for k, r := range shown {
		y := header + k*(1+gap)
		g.text(0, y, ansi.Truncate(r.name, nameW, "…"), pal.legend, nameW)
		sst := pal.seriesStyle(r.idx)
		if r.ok {
			fill, solid := barFill(r.status, pal, r.idx)
			drawBar(g, nameW+1, y, scale, r.v, fill, solid, sst)
		}
		lst := pal.label
		if !r.ok {
			lst = pal.muted
		}
		g.text(nameW+1+barW+1, y, labels[k], lst, valW)
	}
	if more > 0 && header+len(shown) < H { // (gap is 0 when some are left out)
		g.text(0, header+len(shown), fmt.Sprintf("+%d %s", more, tr.more), pal.muted, W)
	}
	return g.String()
}

// barFill is the glyph of a bar: solid for actuals, ▓ for estimates, ░ for
// promises (plans and targets, named in the value label), the same in
// colour and monochrome; in ASCII #, = and . (the grid folds them).
func barFill(s data.Status, pal palette, idx int) (rune, bool) {
	switch {
	case s == data.Actual:
		return '█', true
	case s == data.Estimate:
		return '▓', false
	}
	return '░', false
}

func barValueLabel(r barRow, ind *data.Indicator, tr strs) string {
	if !r.ok {
		return "–"
	}
	return valueLabel(r.v, r.status, ind, tr, true)
}

// BarPeriods lists the periods at which ind has at least one finite value,
// oldest first: the stops for a key that steps Input.At through time.
func BarPeriods(ind *data.Indicator) []data.Period {
	if ind == nil {
		return nil
	}
	seen := map[data.Period]bool{}
	var out []data.Period
	for i := range ind.Series {
		for _, p := range ind.Series[i].Points {
			if !p.Period.IsZero() && finite(p.Value) && !seen[p.Period] {
				seen[p.Period] = true
				out = append(out, p.Period)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// DefaultAt is the period Bars compares when Input.At is zero: the latest
// at which the most entities have a result (zero for no data).
func DefaultAt(ind *data.Indicator) data.Period {
	if ind == nil {
		return 0
	}
	return latestPeriod(ind)
}
