package chart

import "github.com/eaeu-dash/eaeu-dash/data"

// milestones are the indices (-1 = none) of a series' baseline, current
// and target points, per FORMAT.md: current = latest actual (else latest
// estimate); baseline = earliest actual; target = latest target (else plan)
// after current. We compute them here rather than trust Series.Stats, which
// a hand-built indicator may leave zero.
type milestones struct{ base, cur, tgt int }

func milestonesOf(pts []data.Point) milestones {
	m := milestones{-1, -1, -1}
	lastEst, lastTgt, lastPlan := -1, -1, -1
	for i, p := range pts {
		if p.Period.IsZero() || !finite(p.Value) {
			continue
		}
		switch p.Status {
		case data.Actual:
			if m.base < 0 {
				m.base = i
			}
			m.cur = i
		case data.Estimate:
			lastEst = i
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
			lastTgt = i
		case data.Plan:
			lastPlan = i
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
