package chart

import "github.com/eaeu-dash/eaeu-dash/data"

// timeFrac is how much of the time from baseline to target had passed at
// the current point, for comparing with progress. The milestones come from
// data.FindMilestones, the one rule for them (docs/format.md); the chart
// calls it rather than read Series.Stats, which a hand-built indicator may
// leave zero.
func timeFrac(m data.Milestones, pts []data.Point) (float64, bool) {
	if m.Baseline < 0 || m.Current < 0 || m.Target < 0 {
		return 0, false
	}
	b, c, t := pointTime(pts[m.Baseline].Period), pointTime(pts[m.Current].Period), pointTime(pts[m.Target].Period)
	if t <= b {
		return 0, false
	}
	return (c - b) / (t - b), true
}
