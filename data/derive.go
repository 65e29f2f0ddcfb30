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

// seriesStats implements the semantics of docs/format.md ("What the
// dashboard derives from a series"): current is the latest
// actual (else estimate), baseline the earliest actual, target the latest
// target (else plan) after current.
func seriesStats(pts []Point) Stats {
	st := Stats{Current: -1, Baseline: -1, Target: -1, Previous: -1}
	if len(pts) == 0 {
		return st
	}
	lastActual, lastEstimate := -1, -1
	st.Min, st.Max = pts[0].Value, pts[0].Value
	for i, p := range pts {
		switch p.Status {
		case Actual:
			if st.Baseline < 0 {
				st.Baseline = i
			}
			lastActual = i
		case Estimate:
			lastEstimate = i
		}
		st.Min = math.Min(st.Min, p.Value)
		st.Max = math.Max(st.Max, p.Value)
	}
	st.Current = lastActual
	if st.Current < 0 {
		st.Current = lastEstimate
	}
	after := func(p Point) bool { return st.Current < 0 || p.Period>>2 > pts[st.Current].Period>>2 }
	lastTarget, lastPlan := -1, -1
	for i, p := range pts {
		if !after(p) {
			continue
		}
		switch p.Status {
		case Target:
			lastTarget = i
		case Plan:
			lastPlan = i
		}
	}
	st.Target = lastTarget
	if st.Target < 0 {
		st.Target = lastPlan
	}
	if st.Current >= 0 {
		cur := pts[st.Current]
		for j := st.Current - 1; j >= 0; j-- {
			if pts[j].Status.IsResult() && pts[j].Period != cur.Period {
				st.Previous = j
				break
			}
		}
		if st.Previous >= 0 {
			st.Change = cur.Value - pts[st.Previous].Value
			st.HasChange = finite(st.Change)
		}
		if st.Baseline >= 0 && st.Target >= 0 {
			base, tgt := pts[st.Baseline].Value, pts[st.Target].Value
			if tgt != base {
				st.Progress = (cur.Value - base) / (tgt - base)
				st.HasProgress = finite(st.Progress)
			}
		}
	}
	if st.Baseline >= 0 && lastActual > st.Baseline {
		first, last := pts[st.Baseline], pts[lastActual]
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
