package data

import (
	"math"
	"sort"
)

// derive computes, once, every figure the views read.
func (ds *Dataset) derive() {
	counts := make([]int, len(ds.Sources))
	for i := range ds.Indicators {
		ind := &ds.Indicators[i]
		ind.NumPoints = 0
		first := true
		for s := range ind.Series {
			ser := &ind.Series[s]
			ser.Stats = seriesStats(ser.Points)
			for _, p := range ser.Points {
				if p.Source >= 0 {
					counts[p.Source]++
				}
			}
			if len(ser.Points) == 0 {
				continue
			}
			ind.NumPoints += len(ser.Points)
			if first || ser.Points[0].Period < ind.First {
				ind.First = ser.Points[0].Period
			}
			for _, p := range ser.Points {
				if first || p.Period > ind.Last {
					ind.Last = p.Period
				}
				first = false
			}
			if s == 0 || ser.Stats.Min < ind.Min {
				ind.Min = ser.Stats.Min
			}
			if s == 0 || ser.Stats.Max > ind.Max {
				ind.Max = ser.Stats.Max
			}
		}
	}
	// The by-source index shares one backing array.
	total := 0
	for i, c := range counts {
		ds.Sources[i].Points = c
		total += c
	}
	refs := make([]PointRef, total)
	ds.bySource = make([][]PointRef, len(ds.Sources))
	at := 0
	for i, c := range counts {
		ds.bySource[i] = refs[at : at : at+c]
		at += c
	}
	for i := range ds.Indicators {
		for s, ser := range ds.Indicators[i].Series {
			for p, pt := range ser.Points {
				if pt.Source >= 0 {
					ds.bySource[pt.Source] = append(ds.bySource[pt.Source], PointRef{int32(i), int32(s), int32(p)})
				}
			}
		}
	}
	sort.SliceStable(ds.Events, func(a, b int) bool { return ds.Events[a].Date < ds.Events[b].Date })
}

// seriesStats derives a series' figures from its milestones (FindMilestones).
func seriesStats(pts []Point) Stats {
	st := Stats{Milestones: FindMilestones(pts)}
	first := true
	for _, p := range pts {
		if !finite(p.Value) {
			continue
		}
		if first {
			st.Min, st.Max, first = p.Value, p.Value, false
		}
		st.Min = math.Min(st.Min, p.Value)
		st.Max = math.Max(st.Max, p.Value)
	}
	if st.Current < 0 {
		return st
	}
	cur := pts[st.Current]
	if st.Previous >= 0 {
		st.Change = cur.Value - pts[st.Previous].Value
		st.HasChange = finite(st.Change)
	}
	st.Progress, st.HasProgress = st.Milestones.Progress(pts)
	// CAGR runs from the earliest to the latest actual; the current point is
	// the latest actual whenever there is one.
	if st.Baseline >= 0 && cur.Status == Actual && st.Current != st.Baseline {
		first, last := pts[st.Baseline], cur
		years := last.Period.Start().Sub(first.Period.Start()).Hours() / 24 / 365.2425
		if years > 0 && first.Value > 0 && last.Value >= 0 {
			st.CAGR = math.Pow(last.Value/first.Value, 1/years) - 1
			st.HasCAGR = finite(st.CAGR)
		}
	}
	return st
}

// finite reports whether a derived figure can be shown: huge values at the
// ends of the float range overflow differences and ratios.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
