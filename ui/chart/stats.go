package chart

import "github.com/eaeu-dash/eaeu-dash/data"

// milestones are the indices (-1 = none) of a series' baseline, current
// and target points, per docs/format.md: current = latest actual (else latest
// estimate); baseline = earliest actual; target = latest target (else plan)
// after current. We compute them here rather than trust Series.Stats, which
// a hand-built indicator may leave zero.
type milestones struct{ base, cur, tgt int }

func milestonesOf(pts []data.Point) milestones {
	m := milestones{-1, -1, -1}
	// Periods order by start, so they are compared directly; ties keep the
	// later point in the file for "latest" and the earlier for "earliest".
	later := func(i, j int) bool { return j < 0 || pts[i].Period >= pts[j].Period }
	lastEst, lastTgt, lastPlan := -1, -1, -1
	for i, p := range pts {
		if p.Period.IsZero() || !finite(p.Value) {
			continue
		}
		switch p.Status {
		case data.Actual:
			if m.base < 0 || p.Period < pts[m.base].Period {
				m.base = i
			}
			if later(i, m.cur) {
				m.cur = i
			}
		case data.Estimate:
			if later(i, lastEst) {
				lastEst = i
			}
		}
	}
	if m.cur < 0 {
		m.cur = lastEst
	}
	for i, p := range pts {
		if p.Period.IsZero() || !finite(p.Value) {
			continue
		}
		if m.cur >= 0 && pointTime(p.Period) <= pointTime(pts[m.cur].Period) {
			continue
		}
		switch p.Status {
		case data.Target:
			if later(i, lastTgt) {
				lastTgt = i
			}
		case data.Plan:
			if later(i, lastPlan) {
				lastPlan = i
			}
		}
	}
	m.tgt = lastTgt
	if m.tgt < 0 {
		m.tgt = lastPlan
	}
	return m
}

// progress is (current-baseline)/(target-baseline) when all three exist and
// target differs from baseline.
func (m milestones) progress(pts []data.Point) (float64, bool) {
	if m.base < 0 || m.cur < 0 || m.tgt < 0 {
		return 0, false
	}
	b, c, t := pts[m.base].Value, pts[m.cur].Value, pts[m.tgt].Value
	if t == b {
		return 0, false
	}
	return (c - b) / (t - b), true
}

// timeFrac is how much of the time from baseline to target had passed at
// the current point, for comparing with progress.
func (m milestones) timeFrac(pts []data.Point) (float64, bool) {
	if m.base < 0 || m.cur < 0 || m.tgt < 0 {
		return 0, false
	}
	b, c, t := pointTime(pts[m.base].Period), pointTime(pts[m.cur].Period), pointTime(pts[m.tgt].Period)
	if t <= b {
		return 0, false
	}
	return (c - b) / (t - b), true
}
