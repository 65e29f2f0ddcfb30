package data

// Milestones are the points of a series that every view compares: indices
// into the series' points, -1 for none. docs/format.md ("What the dashboard
// derives from a series") is the rule; FindMilestones is its only
// implementation, used when a dataset loads (Series.Stats) and by the chart
// for series built by hand.
type Milestones struct {
	Current  int // latest actual, else latest estimate
	Baseline int // earliest actual
	Target   int // latest target (else plan) starting after Current starts
	Previous int // the latest result (actual or estimate) starting before Current starts
}

// NoMilestones has every index -1.
var NoMilestones = Milestones{-1, -1, -1, -1}

// FindMilestones picks a series' milestones. The loader guarantees sorted
// points with finite values and distinct (period, status) pairs; points
// built by hand may break all three, so the rule does not depend on them:
//   - a point with a non-finite value or a zero period is never a milestone
//     (it has no place on a chart and no meaningful difference);
//   - "latest" and "earliest" compare period starts, never slice order, so
//     unsorted points give the same milestones as sorted ones;
//   - between points that start at the same time, "latest" takes the later
//     in the slice and "earliest" the earlier, as a file lists them;
//   - a target or plan counts only when it starts strictly after the
//     current point starts: a target for the current year is not ahead.
func FindMilestones(pts []Point) Milestones {
	m := NoMilestones
	usable := func(p Point) bool { return !p.Period.IsZero() && finite(p.Value) }
	// latest(i, j): point i is at least as late as point j (or j is none).
	latest := func(i, j int) bool { return j < 0 || pts[i].Period.startKey() >= pts[j].Period.startKey() }
	lastEstimate := -1
	for i, p := range pts {
		if !usable(p) {
			continue
		}
		switch p.Status {
		case Actual:
			if m.Baseline < 0 || p.Period.startKey() < pts[m.Baseline].Period.startKey() {
				m.Baseline = i
			}
			if latest(i, m.Current) {
				m.Current = i
			}
		case Estimate:
			if latest(i, lastEstimate) {
				lastEstimate = i
			}
		}
	}
	if m.Current < 0 {
		m.Current = lastEstimate
	}
	lastTarget, lastPlan := -1, -1
	for i, p := range pts {
		if !usable(p) {
			continue
		}
		if m.Current >= 0 {
			cur := pts[m.Current].Period.startKey()
			if p.Period.startKey() <= cur {
				if p.Status.IsResult() && p.Period.startKey() < cur && latest(i, m.Previous) {
					m.Previous = i
				}
				continue
			}
		}
		switch p.Status {
		case Target:
			if latest(i, lastTarget) {
				lastTarget = i
			}
		case Plan:
			if latest(i, lastPlan) {
				lastPlan = i
			}
		}
	}
	m.Target = lastTarget
	if m.Target < 0 {
		m.Target = lastPlan
	}
	return m
}

// Progress is (current-baseline)/(target-baseline), when all three exist,
// the target differs from the baseline and the result is finite (values at
// the ends of the float range overflow the difference).
func (m Milestones) Progress(pts []Point) (float64, bool) {
	if m.Baseline < 0 || m.Current < 0 || m.Target < 0 {
		return 0, false
	}
	b, c, t := pts[m.Baseline].Value, pts[m.Current].Value, pts[m.Target].Value
	if t == b {
		return 0, false
	}
	p := (c - b) / (t - b)
	return p, finite(p)
}

// startKey orders periods by their first day only: 2024 and 2024-01 start
// together (Period itself would also order them by granularity).
func (p Period) startKey() int32 { return int32(p) >> 2 }
