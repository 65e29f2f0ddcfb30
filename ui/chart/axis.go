package chart

import (
	"fmt"
	"math"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// yScale maps values to braille dot rows (0 = bottom) over dots rows.
type yScale struct {
	lo, hi float64 // in scale space (log10 of the value when log)
	log    bool
	dots   int
}

func (s yScale) dotY(v float64) float64 {
	if s.log {
		if v <= 0 {
			return math.Inf(-1)
		}
		v = math.Log10(v)
	}
	return (v - s.lo) / (s.hi - s.lo) * float64(s.dots-1)
}

// tick is an axis label at a position.
type tick struct {
	pos   int // cell row (Y, from the top of the plot) or column (X)
	label string
}

// linearScale pads [lo, hi] to nice multiples of a step and returns the
// ticks (at most about rows/2 of them, so labels have air between them).
func linearScale(lo, hi float64, rows int, tr strs, relative bool) (yScale, []tick) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		pad := math.Abs(lo) * 0.1
		if pad == 0 || !finite(pad) {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	n := max(1, rows/3)
	step := niceStep(hi-lo, n)
	nlo, nhi := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if finite(nlo) && finite(nhi) && nhi > nlo {
		lo, hi = nlo, nhi
	}
	s := yScale{lo: lo, hi: hi, dots: rows * 4}
	dec := stepDecimals(step)
	var ticks []tick
	count := int(math.Round((hi-lo)/step)) + 1
	if count > 200 || count < 1 {
		count = 2
		step = hi - lo
	}
	for k := 0; k < count; k++ {
		v := lo + float64(k)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		lbl := formatNum(v, dec, tr)
		if relative {
			lbl = formatSigned(v, dec, tr)
		}
		ticks = append(ticks, tick{pos: s.row(v), label: lbl})
	}
	return s, spaceTicks(ticks, 2)
}

// logScale places ticks at 1, 2 and 5 times powers of ten (or, within one
// decade, at nice linear steps) on a log axis.
func logScale(lo, hi float64, rows int, tr strs) (yScale, []tick) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		lo, hi = lo/2, hi*2
	}
	l0, l1 := math.Log10(lo), math.Log10(hi)
	pad := (l1 - l0) * 0.04
	s := yScale{lo: l0 - pad, hi: l1 + pad, log: true, dots: rows * 4}
	var vals []float64
	if l1-l0 >= 1 {
		for e := math.Floor(l0); e <= math.Ceil(l1) && len(vals) < 400; e++ {
			for _, m := range []float64{1, 2, 5} {
				vals = append(vals, m*math.Pow(10, e))
			}
		}
	} else {
		step := niceStep(hi-lo, max(1, rows/3))
		for v := math.Ceil(lo/step) * step; v <= hi && len(vals) < 400; v += step {
			vals = append(vals, v)
		}
	}
	var ticks []tick
	for _, v := range vals {
		if v < math.Pow(10, s.lo) || v > math.Pow(10, s.hi) {
			continue
		}
		dec := stepDecimals(v)
		ticks = append(ticks, tick{pos: s.row(v), label: formatNum(v, dec, tr)})
	}
	// Prefer powers of ten when labels crowd: drop 2s and 5s first.
	if len(spaceTicks(ticks, 2)) < len(ticks) && l1-l0 >= 1 {
		var p10 []tick
		for _, v := range vals {
			if l := math.Log10(v); l == math.Floor(l) && v >= math.Pow(10, s.lo) && v <= math.Pow(10, s.hi) {
				p10 = append(p10, tick{pos: s.row(v), label: formatNum(v, stepDecimals(v), tr)})
			}
		}
		ticks = p10
	}
	return s, spaceTicks(ticks, 2)
}

// row is the cell row (0 = top) of value v.
func (s yScale) row(v float64) int {
	dy := s.dotY(v)
	if !finite(dy) {
		return -1
	}
	return (s.dots - 1 - int(math.Round(dy))) / 4
}

// spaceTicks drops ticks closer than gap positions to the last kept one,
// scanning from the bottom of the axis (highest row) up.
func spaceTicks(ts []tick, gap int) []tick {
	var out []tick
	last := math.MaxInt
	for _, t := range ts {
		if t.pos < 0 {
			continue
		}
		if last != math.MaxInt && abs(last-t.pos) < gap {
			continue
		}
		out = append(out, t)
		last = t.pos
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// timeStep is a candidate spacing of X ticks.
type timeStep struct {
	years, months, days int
}

func (s timeStep) approx() float64 {
	return float64(s.years)*365.25*day + float64(s.months)*30.44*day + float64(s.days)*day
}

var timeSteps = [...]timeStep{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 50},
	{years: 100}, {years: 200}, {years: 500}, {years: 1000}, {years: 2000}, {years: 5000},
}

// timeTicks labels the X axis over [a, b] (seconds) on width cells: the
// finest step no finer than the data's granularity whose labels do not
// touch, in a format fitting that step.
func timeTicks(a, b float64, width int, gran data.Granularity, tr strs) []tick {
	if width < 4 || !(b > a) {
		return nil
	}
	for _, st := range timeSteps {
		if !stepFits(st, gran) {
			continue
		}
		cells := st.approx() / (b - a) * float64(width)
		lw := ansi.StringWidth(timeLabel(time.Date(2024, 12, 28, 0, 0, 0, 0, time.UTC), st, gran, tr))
		if cells < float64(lw+2) {
			continue
		}
		return placeTicks(a, b, width, st, gran, tr)
	}
	return nil
}

func stepFits(st timeStep, gran data.Granularity) bool {
	switch gran {
	case data.Year:
		return st.years > 0
	case data.Quarter:
		return st.years > 0 || st.months%3 == 0 && st.months > 0
	case data.Month:
		return st.years > 0 || st.months > 0
	}
	return true
}

// placeTicks lists the tick instants of step st aligned to calendar
// boundaries inside [a, b], centring labels on their ticks and dropping
// any that would overlap.
func placeTicks(a, b float64, width int, st timeStep, gran data.Granularity, tr strs) []tick {
	t := fromSecs(a)
	var cur time.Time
	switch {
	case st.years > 0:
		y := t.Year() / st.years * st.years
		cur = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case st.months > 0:
		m := (int(t.Month()) - 1) / st.months * st.months
		cur = time.Date(t.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	case st.days == 7 || st.days == 14:
		cur = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		cur = cur.AddDate(0, 0, -int(cur.Weekday()+6)%7) // Monday
	default:
		cur = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	var out []tick
	lastEnd := -2
	for n := 0; n < 2000; n++ {
		s := secs(cur)
		if s > b {
			break
		}
		if s >= a {
			col := int(math.Round((s - a) / (b - a) * float64(width*2-1) / 2))
			lbl := timeLabel(cur, st, gran, tr)
			lw := ansi.StringWidth(lbl)
			start := min(max(col-lw/2, 0), width-lw)
			if start > lastEnd+1 && start >= 0 {
				out = append(out, tick{pos: col, label: lbl})
				lastEnd = start + lw
			}
		}
		next := cur.AddDate(st.years, st.months, st.days)
		if !next.After(cur) {
			break
		}
		cur = next
	}
	return out
}

// timeLabel formats a tick: "2024", "2024 Q3", "Jul 2024" or "15 Jul".
func timeLabel(t time.Time, st timeStep, gran data.Granularity, tr strs) string {
	switch {
	case st.years > 0:
		return fmt.Sprintf("%d", t.Year())
	case st.months > 0 && gran == data.Quarter:
		return fmt.Sprintf(tr.quarter, t.Year(), (int(t.Month())-1)/3+1)
	case st.months > 0:
		return fmt.Sprintf("%s %d", tr.months[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s", t.Day(), tr.monthsOf[t.Month()-1])
}

// periodLabel is data.Period.Label in the chart's language.
func periodLabel(p data.Period, tr strs) string {
	if p.IsZero() {
		return ""
	}
	t := p.Start()
	switch p.Gran() {
	case data.Year:
		return fmt.Sprintf("%d", t.Year())
	case data.Quarter:
		return fmt.Sprintf(tr.quarter, t.Year(), (int(t.Month())-1)/3+1)
	case data.Month:
		return fmt.Sprintf("%s %d", tr.months[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), tr.monthsOf[t.Month()-1], t.Year())
}
