package chart

import (
	"math"
	"sort"

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
	res = actualsWin(res)
	s.hasEst = false
	for _, p := range res {
		s.hasEst = s.hasEst || p.status == data.Estimate
	}
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
	// Likewise the dotted line from the last result to the next promise.
	var promEdges []float64
	if !s.visible && hasBefore && s.nextProm != nil && before.t < a {
		p, q := before, *s.nextProm
		for _, e := range [2]float64{a, b} {
			promEdges = append(promEdges, p.v+(q.v-p.v)*(e-p.t)/(q.t-p.t))
		}
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
	if in.Relative {
		promEdges = nil // no visible base to be relative to
	}
	s.edges = append(s.edges, promEdges...)
	return s
}

// actualsWin drops an estimate for a time that also has an actual figure
// (sorted points): the actual is what is known.
func actualsWin(ps []vpoint) []vpoint {
	out := ps[:0]
	for i, p := range ps {
		if p.status == data.Estimate {
			dup := false
			for j := i - 1; j >= 0 && ps[j].t == p.t && !dup; j-- {
				dup = ps[j].status == data.Actual
			}
			for j := i + 1; j < len(ps) && ps[j].t == p.t && !dup; j++ {
				dup = ps[j].status == data.Actual
			}
			if dup {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}
